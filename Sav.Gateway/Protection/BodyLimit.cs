using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Sav.Domain.Streams;

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
        request.Body = new LimitedStream(request.Body, limit, _ => new BodyTooLargeException(limit), ownsInner: false);
        return next(context);
    });
}

public sealed class BodyTooLargeException(long limit) : IOException($"The request body is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}
