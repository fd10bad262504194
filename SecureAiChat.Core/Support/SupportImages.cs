namespace SecureAiChat.Core.Support;

/// <summary>
/// Which screenshots a request may carry: PNG, JPEG, GIF or WebP, told by the file's first bytes, never by its name or the
/// content type a browser sent, so a renamed script or document is refused.
/// </summary>
public static class SupportImages
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxCount = 3;

    /// <summary>The image's content type from its magic bytes, or null when it is not one of the accepted formats.</summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8)) return "image/gif";
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }

    /// <summary>A file name safe to store and send back in a header: the last path segment, control characters dropped, bounded.</summary>
    public static string CleanName(string? name)
    {
        var last = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string(last.Where(c => !char.IsControl(c) && c is not ('"' or '/')).ToArray()).Trim();
        if (clean.Length == 0) clean = "screenshot";
        return clean.Length <= 200 ? clean : clean[..200];
    }
}
