using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Sav.Gateway.Protection;

/// <summary>Caps what a submission may send: a small body for fields, a larger one for multipart
/// bodies that carry files. Past the cap, reading throws <see cref="BodyTooLargeException"/>.</summary>
public static class BodyLimit
{
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method)) return next(context);
        var options = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var limit = request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true
            ? options.MaxUploadBytes : options.MaxFieldsBytes;
        if (request.ContentLength > limit) throw new BodyTooLargeException(limit);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        request.Body = new LimitedStream(request.Body, limit);
        return next(context);
    });

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit) throw new BodyTooLargeException(limit);
            return read;
        }
    }
}

public sealed class BodyTooLargeException(long limit) : IOException($"The request body is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}
