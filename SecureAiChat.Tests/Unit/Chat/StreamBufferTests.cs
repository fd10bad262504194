using SecureAiChat.Web.Features.Chat;

namespace SecureAiChat.Tests.Unit.Chat;

public sealed class StreamBufferTests
{
    [Fact]
    public void The_first_text_callback_runs_once_on_the_appending_thread()
    {
        var buffer = new StreamBuffer();
        var calls = new List<int>();
        buffer.OnFirstText(() => calls.Add(Environment.CurrentManagedThreadId));

        Assert.Empty(calls);
        var appender = new Thread(() =>
        {
            buffer.Append("w1");
            buffer.Append(" w2");
        });
        appender.Start();
        appender.Join();

        Assert.Equal([appender.ManagedThreadId], calls);
        Assert.Equal(("w1 w2", 2), buffer.Snapshot());
    }

    [Fact]
    public void A_callback_registered_after_the_first_text_runs_at_once()
    {
        var buffer = new StreamBuffer();
        buffer.Append("w1");
        var called = 0;

        buffer.OnFirstText(() => called++);
        buffer.Append(" w2");

        Assert.Equal(1, called);
    }
}
