using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Sockets;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Settings;

namespace SecureAiChat.Tests.Unit.Providers;

/// <summary>
/// Shapes not easily produced over HTTP. The HTTP-produced shapes (status codes, headers, bodies,
/// resets, SDK timeouts) are covered against the fake upstream in UpstreamChatClientTests.
/// </summary>
public sealed class ChatFailureClassifierTests
{
    [Fact]
    public void Stalled_exception_is_Stalled()
    {
        Assert.Equal(AnswerFailure.Stalled, ChatFailureClassifier.Classify(new ChatStalledException(TimeSpan.FromSeconds(30), 4)).Kind);
    }

    [Fact]
    public void IOException_mid_stream_is_ConnectionLost_and_transient()
    {
        var failure = ChatFailureClassifier.Classify(new IOException("Unable to read data from the transport connection", new SocketException((int)SocketError.ConnectionReset)));

        Assert.Equal(AnswerFailure.ConnectionLost, failure.Kind);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public void Connection_refused_wrapped_by_the_sdk_is_Unreachable()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused));
        var wrapped = new ClientResultException("An error occurred while sending the request.", response: null, refused);

        Assert.Equal(AnswerFailure.Unreachable, ChatFailureClassifier.Classify(wrapped).Kind);
    }

    [Fact]
    public void An_endpoint_refused_by_the_policy_is_EndpointBlocked_and_not_retried_however_it_is_wrapped()
    {
        var blocked = new SecureAiChat.Core.Providers.Security.EndpointBlockedException("10.0.0.5", SecureAiChat.Core.Providers.Security.EndpointRejectionReason.BlockedAddress);
        var atConnect = new HttpRequestException(HttpRequestError.ConnectionError, "refused", blocked);
        Exception[] shapes = [blocked, atConnect, new ClientResultException("An error occurred while sending the request.", response: null, atConnect)];

        Assert.All(shapes, shape =>
        {
            var failure = ChatFailureClassifier.Classify(shape);
            Assert.Equal(AnswerFailure.EndpointBlocked, failure.Kind);
            Assert.False(failure.IsTransient);
        });
    }

    [Fact]
    public void Cancellation_by_the_caller_is_Cancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Equal(AnswerFailure.Cancelled, ChatFailureClassifier.Classify(new OperationCanceledException(cts.Token), cts.Token).Kind);
    }

    [Fact]
    public void Cancellation_not_requested_by_the_caller_is_Timeout()
    {
        Assert.Equal(AnswerFailure.Timeout, ChatFailureClassifier.Classify(new TaskCanceledException("exceeded the configured timeout")).Kind);
    }

    [Fact]
    public void Unrecognised_exception_is_Unknown_and_not_transient()
    {
        var failure = ChatFailureClassifier.Classify(new InvalidOperationException("boom"));

        Assert.Equal(AnswerFailure.Unknown, failure.Kind);
        Assert.False(failure.IsTransient);
    }

    [Theory]
    [InlineData("7", 7_000)]
    [InlineData("0", 0)]
    [InlineData("1.5", 1_500)]
    [InlineData(" 20 ", 20_000)]
    public void Retry_after_seconds_are_parsed(string value, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ChatFailureClassifier.ParseRetryAfter(value, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Retry_after_http_date_is_relative_to_now()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(90), ChatFailureClassifier.ParseRetryAfter("Thu, 01 Jan 2026 12:01:30 GMT", now));
        Assert.Equal(TimeSpan.Zero, ChatFailureClassifier.ParseRetryAfter("Thu, 01 Jan 2026 11:00:00 GMT", now));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    public void Retry_after_garbage_is_ignored(string value)
    {
        Assert.Null(ChatFailureClassifier.ParseRetryAfter(value, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Endpoint_settings_never_print_the_key()
    {
        var settings = new ChatEndpointSettings { Kind = ProviderKind.OpenAI, ApiKey = "sk-secret-123", Model = "gpt-4o" };

        Assert.DoesNotContain("sk-secret-123", settings.ToString());
        Assert.DoesNotContain("sk-secret-123", $"{settings}");
        Assert.Contains("gpt-4o", settings.ToString());
    }

    [Fact]
    public void Factory_rejects_settings_missing_what_the_kind_needs()
    {
        var factory = new UpstreamChatClientFactory(new TokenCounter());

        Assert.Throws<ArgumentException>(() => factory.Create(new ChatEndpointSettings { Kind = ProviderKind.OpenAI, Model = "gpt-4o" }));
        Assert.Throws<ArgumentException>(() => factory.Create(new ChatEndpointSettings { Kind = ProviderKind.AzureOpenAI, ApiKey = "k", Model = "d" }));
        Assert.Throws<ArgumentException>(() => factory.Create(new ChatEndpointSettings { Kind = ProviderKind.OpenAICompatible, ApiKey = "k" }));
    }
}
