namespace SecureAiChat.Core.Providers;

/// <summary>
/// Bounds error bodies under the SDKs. On an error status the OpenAI and Azure SDKs buffer the whole response body
/// (to build the exception), and their transport buffers every non-streamed body: an endpoint a tenant controls
/// could answer 500 with gigabytes. Only the first <see cref="MaxErrorBodyBytes"/> of an error body are ever read;
/// the rest is never taken off the wire (the connection is closed when the response is disposed). Works as an
/// <see cref="HttpClient"/> in front of the one the SDK would have used, so the IHttpClientFactory clients (and
/// their SSRF guard) stay as they are.
/// </summary>
public static class BoundedErrorBodies
{
    /// <summary>The most of an error body read: error JSON of the real services is well under 4 KB.</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    private static readonly HttpClient Shared = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>An <see cref="HttpClient"/> sending through <paramref name="inner"/> (or a shared client) whose error bodies are bounded.</summary>
    public static HttpClient Wrap(HttpClient? inner) =>
        new(new Handler(inner ?? Shared)) { Timeout = Timeout.InfiniteTimeSpan };

    private sealed class Handler(HttpClient inner) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Headers only: the body is streamed (answers) or read by the SDK through the bound below (errors).
            using var forwarded = Forward(request);
            var response = await inner.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode >= 400
                ? Bound(response, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
                : response;
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var forwarded = Forward(request);
            var response = inner.Send(forwarded, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return (int)response.StatusCode >= 400 ? Bound(response, response.Content.ReadAsStream(cancellationToken)) : response;
        }

        // An HttpClient refuses a request message another HttpClient already sent: the inner one gets a copy
        // sharing the (not yet sent) content; disposing content twice is harmless.
        private static HttpRequestMessage Forward(HttpRequestMessage request)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri)
            {
                Content = request.Content,
                Version = request.Version,
                VersionPolicy = request.VersionPolicy,
            };
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            foreach (var option in request.Options)
            {
                ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
            }

            return copy;
        }

        private static HttpResponseMessage Bound(HttpResponseMessage response, Stream body)
        {
            var bounded = new StreamContent(new BoundedReadStream(body, MaxErrorBodyBytes));
            foreach (var header in response.Content.Headers)
            {
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    bounded.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            response.Content = bounded;
            return response;
        }
    }

    /// <summary>A read-only view of the first bytes of a stream; reads past the bound see its end.</summary>
    private sealed class BoundedReadStream(Stream inner, long limit) : Stream
    {
        private long _remaining = limit;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_remaining <= 0)
            {
                return 0;
            }

            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            _remaining -= read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_remaining <= 0)
            {
                return 0;
            }

            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
            _remaining -= read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
