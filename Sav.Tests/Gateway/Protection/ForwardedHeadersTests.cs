using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Protection;

/// <summary>Over real HTTP on loopback: the socket's address is 127.0.0.1, the proxy's when one is configured.</summary>
public class ForwardedHeadersTests
{
    private static Task<GatewayHost> StartAsync(params (string Key, string Value)[] settings) => StartAsync(null, settings);

    private static async Task<GatewayHost> StartAsync(RequestScopes? logs, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Gateway:RateLimit:PerAddressPerMinute"] = "2" };
        foreach (var (key, value) in settings) all[key] = value;
        return await GatewayHost.StartAsync(all, kestrel: true,
            logs is null ? null : b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
    }

    private static async Task<HttpStatusCode> OpenAsync(GatewayHost host, string forwardedFor, int i)
    {
        using var client = new HttpClient { BaseAddress = host.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/forms/open")
        {
            Content = new FormUrlEncodedContent(ValidOpen($"client{i}@example.com")),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("Gateway:ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
    [InlineData("Gateway:ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")]
    public async Task Behind_a_known_proxy_each_client_has_its_own_limit(string key, string proxy)
    {
        await using var host = await StartAsync((key, proxy));

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) first.Add(await OpenAsync(host, "203.0.113.10", i));
        var second = new List<HttpStatusCode>();
        for (var i = 3; i < 5; i++) second.Add(await OpenAsync(host, "198.51.100.20", i));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], second);
        Assert.Equal(4, await host.TicketCountAsync());
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_address_a_client_puts_in_front_of_the_chain_is_not_believed()
    {
        await using var host = await StartAsync(("Gateway:ForwardedHeaders:KnownProxies:0", "127.0.0.1"));

        // The proxy appends the address it saw; what the client sent before it is the client's own claim.
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) codes.Add(await OpenAsync(host, $"192.0.2.{i + 1}, 203.0.113.10", i));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task Without_a_known_proxy_a_spoofed_forwarded_address_does_not_escape_the_limit()
    {
        await using var host = await StartAsync();

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) codes.Add(await OpenAsync(host, $"203.0.113.{i + 1}", i));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
        Assert.Equal(2, await host.TicketCountAsync());
    }

    [Fact]
    public async Task A_sender_that_is_not_the_configured_proxy_cannot_spoof_its_address()
    {
        await using var host = await StartAsync(("Gateway:ForwardedHeaders:KnownProxies:0", "10.0.0.5"),
            ("Gateway:ForwardedHeaders:KnownNetworks:0", "10.1.0.0/16"));

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) codes.Add(await OpenAsync(host, $"203.0.113.{i + 1}", i));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
    }

    [Theory]
    [InlineData("Gateway:ForwardedHeaders:KnownProxies:0", "proxy.example")]
    [InlineData("Gateway:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99")]
    public async Task A_malformed_proxy_setting_stops_the_gateway_naming_it(string key, string value)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync((key, value)));

        var validation = failure as OptionsValidationException ?? failure.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains("Gateway:ForwardedHeaders", validation.Message);
    }

    [Theory]
    [InlineData(true, "203.0.113.10")]
    [InlineData(false, "127.0.0.1")]
    public async Task The_request_log_names_the_client_behind_a_known_proxy_and_the_socket_otherwise(bool proxyKnown, string logged)
    {
        var logs = new RequestScopes();
        await using var host = await StartAsync(logs, proxyKnown
            ? [("Gateway:ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
            : []);

        await OpenAsync(host, "203.0.113.10", 0);

        Assert.Contains(logged, logs.ClientAddresses);
        Assert.Single(logs.ClientAddresses.Distinct());
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Behind_a_known_proxy_that_terminates_https_the_public_forms_cookie_is_secure_and_only_then(bool proxyKnown, bool secure)
    {
        await using var host = await StartAsync(proxyKnown ? [("Gateway:ForwardedHeaders:KnownProxies:0", "127.0.0.1")] : []);
        using var client = new HttpClient { BaseAddress = host.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/f/sav/open");
        request.Headers.Add("X-Forwarded-For", "203.0.113.10");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Equal(secure, cookie.Split(';').Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The client address of every request-log scope the gateway opens.</summary>
    private sealed class RequestScopes : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> ClientAddresses { get; } = new();

        public ILogger CreateLogger(string categoryName) =>
            categoryName == "Sav.Gateway.Requests" ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            if (state is IEnumerable<KeyValuePair<string, object>> values)
                foreach (var (key, value) in values)
                    if (key == "ClientAddress") ClientAddresses.Enqueue((string)value);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) { }
        public void Dispose() { }
    }
}
