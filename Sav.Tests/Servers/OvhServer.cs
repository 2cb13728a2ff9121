using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sav.Tests.Servers;

/// <summary>OVH's API on loopback, as far as Sav uses it: <c>GET /1.0/auth/time</c> and <c>POST /1.0/sms/{service}/jobs</c>,
/// which checks the application key, the consumer key, the timestamp (30 s either way of its own clock, which a test may
/// set off this machine's) and the signature as OVH computes it, and answers OVH's errors otherwise.</summary>
public sealed class OvhServer : IAsyncDisposable
{
    public const string ApplicationKey = "ovh-app-key", ApplicationSecret = "ovh-app-secret", ConsumerKey = "ovh-consumer-key";
    public const string Service = "sms-ab12345-1";
    private readonly WebApplication _app;
    private long _ids = 123_000;

    public Uri Endpoint { get; }
    /// <summary>How far OVH's clock is from this machine's.</summary>
    public TimeSpan ClockOffset { get; set; }
    public ConcurrentQueue<JsonElement> Jobs { get; } = new();
    /// <summary>The numbers that answered « STOP », as <c>GET /sms/{service}/blacklists</c> lists them.</summary>
    public ConcurrentBag<string> Blacklist { get; } = [];
    /// <summary>How many of the next messages are refused with a 503, as when OVH is briefly away.</summary>
    public int FailNext { get => Volatile.Read(ref _failNext); set => Volatile.Write(ref _failNext, value); }
    private int _failNext;

    private OvhServer(WebApplication app, Uri endpoint) => (_app, Endpoint) = (app, endpoint);

    public static async Task<OvhServer> StartAsync()
    {
        OvhServer? server = null;
        var (app, address) = await LoopbackApp.StartAsync(context => server!.AnswerAsync(context));
        return server = new OvhServer(app, new Uri(address, "/1.0/"));
    }

    public Dictionary<string, string?> Settings(string secret = ApplicationSecret) => new()
    {
        ["Sms:Sender"] = "Ovh", ["Sms:Ovh:Endpoint"] = Endpoint.ToString(), ["Sms:Ovh:ApplicationKey"] = ApplicationKey,
        ["Sms:Ovh:ApplicationSecret"] = secret, ["Sms:Ovh:ConsumerKey"] = ConsumerKey, ["Sms:Ovh:ServiceName"] = Service,
        ["Sms:Ovh:SenderName"] = "LUMEO SAV",
    };

    private async Task AnswerAsync(HttpContext context)
    {
        var now = DateTimeOffset.UtcNow + ClockOffset;
        var request = context.Request;
        if (request.Method == "GET" && request.Path == "/1.0/auth/time")
        {
            await context.Response.WriteAsync(now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        var (isJob, isBlacklist) = (request.Method == "POST" && request.Path == $"/1.0/sms/{Service}/jobs",
            request.Method == "GET" && request.Path == $"/1.0/sms/{Service}/blacklists");
        if (!isJob && !isBlacklist)
        {
            await ErrorAsync(context, 404, "Got an invalid (or empty) URL");
            return;
        }
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
        string Header(string name) => request.Headers[name].ToString();
        if (Header("X-Ovh-Application") != ApplicationKey)
        {
            await ErrorAsync(context, 403, "This application key is invalid");
            return;
        }
        if (!long.TryParse(Header("X-Ovh-Timestamp"), out var timestamp) || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > 30)
        {
            await ErrorAsync(context, 400, "Query out of time");
            return;
        }
        var url = $"{request.Scheme}://{request.Host}{request.Path}{request.QueryString}";
        var expected = "$1$" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(
            $"{ApplicationSecret}+{ConsumerKey}+{request.Method}+{url}+{body}+{Header("X-Ovh-Timestamp")}")));
        if (Header("X-Ovh-Consumer") != ConsumerKey || Header("X-Ovh-Signature") != expected)
        {
            await ErrorAsync(context, 400, "Invalid signature");
            return;
        }
        if (isBlacklist)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(Blacklist.ToArray()));
            return;
        }
        if (FailNext > 0 && Interlocked.Decrement(ref _failNext) >= 0)
        {
            await ErrorAsync(context, 503, "Service temporarily unavailable");
            return;
        }
        Jobs.Enqueue(JsonDocument.Parse(body).RootElement.Clone());
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"ids":[{{Interlocked.Increment(ref _ids)}}],"totalCreditsRemoved":1,"validReceivers":[],"invalidReceivers":[]}""");
    }

    private static async Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { message }));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
