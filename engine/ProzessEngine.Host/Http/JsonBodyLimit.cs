using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ProzessEngine.Host.Setup;

namespace ProzessEngine.Host.Http;

/// <summary>
/// Holds JSON request bodies to Engine:Limits:MaxJsonRequestBytes, below the limit of any request (which deployments
/// need for their files). A body announced larger is refused before it is read; one sent without a length is cut off
/// where it passes the limit. Either way the answer is a 413 naming the setting.
/// </summary>
internal sealed class JsonBodyLimit(RequestDelegate next, IOptions<EngineOptions> options)
{
    private readonly long _limit = options.Value.Limits.MaxJsonRequestBytes;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return next(context);
        }

        if (request.ContentLength > _limit)
        {
            throw TooLarge(_limit);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server
            && (server.MaxRequestBodySize is null || server.MaxRequestBodySize > _limit))
        {
            server.MaxRequestBodySize = _limit;
        }

        request.Body = new LimitedStream(request.Body, _limit);
        return next(context);
    }

    internal static BadHttpRequestException TooLarge(long limit) => new(
        $"The JSON request body is larger than Engine:Limits:MaxJsonRequestBytes ({limit:N0} bytes) allows.", StatusCodes.Status413PayloadTooLarge);

    /// <summary>Reads through to the request body and fails once more than the limit has come through.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw TooLarge(limit) : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
