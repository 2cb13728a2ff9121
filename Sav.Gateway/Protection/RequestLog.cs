using System.Diagnostics;

namespace Sav.Gateway.Protection;

/// <summary>One structured line per request, every line of the request under its request id,
/// which the answer carries too so that a customer's report can be traced. The client address is the
/// one a known proxy forwarded (see <see cref="ForwardedHeaders"/>), else the socket's.</summary>
public static class RequestLog
{
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Sav.Gateway.Requests");
        return app.Use(async (context, next) =>
        {
            var requestId = context.TraceIdentifier;
            context.Response.Headers["X-Request-Id"] = requestId;
            using var scope = logger.BeginScope(new Dictionary<string, object>
            {
                ["RequestId"] = requestId,
                ["ClientAddress"] = context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            });
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                logger.LogInformation("{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms", context.Request.Method,
                    context.Request.Path.Value, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }
}
