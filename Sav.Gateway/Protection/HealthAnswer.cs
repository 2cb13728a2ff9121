using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sav.Gateway.Protection;

/// <summary><c>/health</c> answers its overall status and what each check found, as JSON: a load balancer reads the
/// status code (200 healthy or degraded, 503 unhealthy), an operator reads why.</summary>
public static class HealthAnswer
{
    public static readonly HealthCheckOptions Options = new() { ResponseWriter = WriteAsync };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }
}
