using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Sav.Gateway.Protection;

/// <summary>Two limits on form submissions: per client address (a policy on the endpoints) and
/// per ticket context (checked by the submission itself, once it has read the context).</summary>
public sealed class RateLimits : IDisposable
{
    public const string PerAddress = "per-address";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly PartitionedRateLimiter<string> _perContext;

    public RateLimits(IOptions<GatewayOptions> options)
    {
        var permits = options.Value.RateLimit.PerContextPerMinute;
        _perContext = PartitionedRateLimiter.Create<string, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter(context, _ => FixedWindow(permits)));
    }

    /// <summary>Null when the context may go on; otherwise how long to wait.</summary>
    public TimeSpan? AcquireForContext(string context)
    {
        using var lease = _perContext.AttemptAcquire(context.Trim().ToUpperInvariant());
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
    }

    public void Dispose() => _perContext.Dispose();

    public static void AddPolicies(RateLimiterOptions limiter, GatewayOptions options)
    {
        var permits = options.RateLimit.PerAddressPerMinute;
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(PerAddress, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => FixedWindow(permits)));
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
            await WriteTooManyAsync(rejected.HttpContext, wait);
        };
    }

    public static Task WriteTooManyAsync(HttpContext http, TimeSpan wait)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = RetryAfterSeconds(wait);
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = 429, Title = "Trop de demandes", Detail = $"Réessayez dans {RetryAfterSeconds(wait)} secondes." },
        }).AsTask();
    }

    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static FixedWindowRateLimiterOptions FixedWindow(int permits) =>
        new() { PermitLimit = permits, Window = Window, QueueLimit = 0, AutoReplenishment = true };
}
