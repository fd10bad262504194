using SecureAiChat.Core.Support;

namespace SecureAiChat.Tests.Unit.CustomerSuccess;

/// <summary>Screenshots are told by their first bytes; size and count are bounded; every check runs before anything is saved.</summary>
public sealed class SupportAttachmentCheckTests
{
    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    private static SupportSubmission With(params SupportUpload[] files) =>
        new(SupportCategory.Problem, SupportPriority.Normal, "画面が真っ白になります", files);

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, "image/jpeg")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0 }, "image/gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56 }, "image/webp")]
    public void Images_are_recognised_by_their_magic_bytes(byte[] content, string contentType)
    {
        Assert.Equal(contentType, SupportImages.Detect(content));
    }

    [Fact]
    public void A_script_or_a_pdf_named_like_a_screenshot_is_not_an_image()
    {
        Assert.Null(SupportImages.Detect("<script>alert(1)</script>"u8));
        Assert.Null(SupportImages.Detect("%PDF-1.7"u8));
        Assert.Null(SupportImages.Detect([]));
        Assert.Equal([SupportError.AttachmentNotImage], SupportService.Check(With(new SupportUpload("screen.png", 8, "%PDF-1.7"u8.ToArray()))).Select(p => p.Code));
    }

    [Fact]
    public void A_file_over_five_megabytes_is_refused_even_unread()
    {
        Assert.Equal([SupportError.AttachmentTooLarge], SupportService.Check(With(new SupportUpload("big.png", SupportImages.MaxBytes + 1, null))).Select(p => p.Code));
        var big = new byte[SupportImages.MaxBytes + 1];
        Png.CopyTo(big, 0);
        Assert.Equal([SupportError.AttachmentTooLarge], SupportService.Check(With(new SupportUpload("big.png", 10, big))).Select(p => p.Code));
    }

    [Fact]
    public void At_most_three_screenshots_and_a_description_are_required()
    {
        var four = Enumerable.Range(0, 4).Select(i => new SupportUpload($"{i}.png", Png.Length, Png)).ToArray();
        Assert.Equal([SupportError.TooManyAttachments], SupportService.Check(With(four)).Select(p => p.Code));
        Assert.Equal([SupportError.DescriptionRequired], SupportService.Check(new SupportSubmission(SupportCategory.Other, SupportPriority.Low, "  ", [])).Select(p => p.Code));
        Assert.Equal([SupportError.DescriptionTooLong],
            SupportService.Check(new SupportSubmission(SupportCategory.Other, SupportPriority.Low, new string('あ', SupportRequest.MaxDescription + 1), [])).Select(p => p.Code));
        Assert.Equal([SupportError.CategoryInvalid], SupportService.Check(new SupportSubmission((SupportCategory)99, SupportPriority.Low, "x", [])).Select(p => p.Code));
        Assert.Empty(SupportService.Check(With(new SupportUpload("a.png", Png.Length, Png))));
    }

    [Fact]
    public void Stored_file_names_lose_paths_and_control_characters()
    {
        Assert.Equal("screen.png", SupportImages.CleanName("C:\\Users\\taro\\screen.png"));
        Assert.Equal("ab.png", SupportImages.CleanName("a\r\nb.png"));
        Assert.Equal("screenshot", SupportImages.CleanName(null));
    }
}
