using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Sav.Domain.Erp;

public static class ErpExtensions
{
    /// <summary>The ERP connection, for the backoffice (the gateway never calls the ERP). Without <c>Erp:BaseUrl</c>
    /// nothing is registered but the options.</summary>
    public static IHostApplicationBuilder AddSavErp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ErpOptions>().BindConfiguration(ErpOptions.Section)
            .Validate(o => !o.Enabled || o.BaseUrl!.IsAbsoluteUri && o.BaseUrl.Scheme is "http" or "https", "Erp:BaseUrl must be an http(s) address.")
            .Validate(o => o.Authentication != ErpAuthentication.ApiKey || !string.IsNullOrEmpty(o.ApiKey), "Erp:ApiKey is required with Erp:Authentication=ApiKey.")
            .Validate(o => o.Authentication != ErpAuthentication.Bearer || !string.IsNullOrEmpty(o.Token), "Erp:Token is required with Erp:Authentication=Bearer.")
            .Validate(o => o.Authentication != ErpAuthentication.Basic || !string.IsNullOrEmpty(o.User), "Erp:User is required with Erp:Authentication=Basic.")
            .Validate(o => new[] { o.ApiKey, o.Token, o.ApiKeyHeader }.All(v => v is null || v.All(char.IsAscii)), "Erp:ApiKey, Erp:Token and Erp:ApiKeyHeader must be ASCII (an HTTP header).")
            .Validate(o => o.PageSize is > 0 and <= 10_000, "Erp:PageSize must be between 1 and 10000.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.SyncEvery >= TimeSpan.FromMinutes(1) && o.RetryDelay >= TimeSpan.Zero && o.Retries is >= 0 and <= 10,
                "Erp:Timeout must be positive, Erp:SyncEvery at least a minute, Erp:Retries between 0 and 10.")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(ErpOptions.Section).Get<ErpOptions>() ?? new ErpOptions();
        if (!options.Enabled) return builder;
        builder.Services.AddHttpClient<ErpClient>((services, http) =>
            {
                http.BaseAddress = services.GetRequiredService<IOptions<ErpOptions>>().Value.BaseUrl;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("erp", (pipeline, context) =>
            {
                var erp = context.ServiceProvider.GetRequiredService<IOptions<ErpOptions>>().Value;
                // Outermost, the whole call with its retries; then retries with backoff on 5xx, 408, 429, timeouts and
                // refused connections; a breaker that stops calling an ERP that keeps failing; innermost, each attempt's timeout.
                pipeline.AddTimeout(erp.Timeout * (erp.Retries + 2));
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, erp.Retries), Delay = erp.RetryDelay, BackoffType = DelayBackoffType.Exponential, UseJitter = true,
                    ShouldHandle = erp.Retries == 0 ? _ => ValueTask.FromResult(false) : new HttpRetryStrategyOptions().ShouldHandle,
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.9, MinimumThroughput = 10, SamplingDuration = TimeSpan.FromSeconds(60), BreakDuration = TimeSpan.FromSeconds(30),
                });
                pipeline.AddTimeout(erp.Timeout);
            });
        builder.Services.AddSingleton<ErpSync>();
        return builder;
    }
}
