using SecureAiChat.Web.Features.Chat;

namespace SecureAiChat.Tests.Unit.Chat;

public sealed class StreamingMarkdownTests
{
    [Fact]
    public void A_settled_paragraph_is_one_markdown_block()
    {
        const string text = "First paragraph.\n\nSecond line.\nstill growing";

        Assert.Equal((18, false), StreamingMarkdown.NextBlock(text, 0));
        Assert.Null(StreamingMarkdown.NextBlock(text, 18));
    }

    [Fact]
    public void A_short_tail_without_a_blank_line_keeps_growing()
    {
        Assert.Null(StreamingMarkdown.NextBlock(new string('a', StreamingMarkdown.MaxTailLength), 0));
    }

    [Fact]
    public void A_long_tail_without_a_blank_line_is_frozen_in_bounded_plain_pieces()
    {
        var text = new string('a', 10 * StreamingMarkdown.MaxTailLength + 17);
        var pieces = new List<(int End, bool Plain)>();
        var offset = 0;
        while (StreamingMarkdown.NextBlock(text, offset) is (int end, bool plain))
        {
            pieces.Add((end, plain));
            offset = end;
        }

        // Whatever the answer's length, the tail left to render per tick stays within the bound.
        Assert.Equal(10, pieces.Count);
        Assert.All(pieces, p => Assert.True(p.Plain));
        Assert.InRange(text.Length - offset, 0, StreamingMarkdown.MaxTailLength);
    }

    [Fact]
    public void A_long_tail_never_splits_a_surrogate_pair()
    {
        var text = "a" + string.Concat(Enumerable.Repeat("😀", StreamingMarkdown.MaxTailLength));

        var block = StreamingMarkdown.NextBlock(text, 0);

        Assert.NotNull(block);
        Assert.False(char.IsHighSurrogate(text[block.Value.End - 1]));
    }

    [Fact]
    public void A_long_text_with_a_blank_line_in_reach_settles_as_markdown()
    {
        var text = "intro\n\nbody\n" + new string('b', 3 * StreamingMarkdown.MaxTailLength);

        Assert.Equal((7, false), StreamingMarkdown.NextBlock(text, 0));
        Assert.Equal((7 + StreamingMarkdown.MaxTailLength, true), StreamingMarkdown.NextBlock(text, 7));
    }
}
