using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sav.Tests.Servers;

/// <summary>An ERP on loopback speaking JSON as one would: a paged client list under <c>data</c> and one client by id,
/// behind the authentication a test asks for; <see cref="Next"/> scripts failures (a status, a delay, garbage).</summary>
public sealed class ErpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentDictionary<string, Dictionary<string, object?>> Clients { get; } = new();
    /// <summary>What the next requests meet before the real answer: a status code, "slow" (a delay) or "garbage".</summary>
    public ConcurrentQueue<string> Next { get; } = new();
    public Func<HttpRequest, bool> Authorized { get; set; } = _ => true;
    public TimeSpan SlowFor { get; set; } = TimeSpan.FromSeconds(5);
    public int Requests => _requests;
    private int _requests;
    public Uri Address { get; }

    private ErpServer(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public static async Task<ErpServer> StartAsync()
    {
        ErpServer? server = null;
        var (app, address) = await LoopbackApp.StartAsync(context => server!.AnswerAsync(context));
        return server = new ErpServer(app, address);
    }

    /// <summary>The settings that point Sav at this ERP and map its JSON (Erp:*); retries quick, as a test wants them. Each
    /// call's limit is generous: a cold first call timed out on a loaded machine would shift the scripted answers
    /// (<see cref="Next"/>) onto the wrong attempts; a test of the timeout sets its own.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Erp:BaseUrl"] = Address.ToString(), ["Erp:ListPath"] = "/api/clients", ["Erp:PageParameter"] = "p", ["Erp:PageSizeParameter"] = "n",
        ["Erp:PageSize"] = "100", ["Erp:ItemsField"] = "data", ["Erp:ClientPath"] = "/api/clients/{id}",
        ["Erp:Fields:ErpId"] = "code", ["Erp:Fields:Name"] = "raisonSociale", ["Erp:Fields:Address"] = "adresse", ["Erp:Fields:Phone"] = "contact.tel",
        ["Erp:Fields:EmailDomain"] = "domaine", ["Erp:Extra:segment"] = "Segment",
        ["Erp:Timeout"] = "00:00:05", ["Erp:RetryDelay"] = "00:00:00.02", ["Erp:Retries"] = "2",
    };

    public void Add(string id, string name, string? phone = null, string? domain = null, string? segment = null) =>
        Clients[id] = new() { ["code"] = id, ["raisonSociale"] = name, ["adresse"] = $"{id} rue de l'ERP", ["contact"] = new Dictionary<string, object?> { ["tel"] = phone },
            ["domaine"] = domain, ["segment"] = segment };

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (Next.TryDequeue(out var script))
        {
            switch (script)
            {
                case "slow": await Task.Delay(SlowFor, context.RequestAborted).ContinueWith(_ => { }); return;
                case "garbage": await context.Response.WriteAsync("<html>Maintenance</html>"); return;
                default: context.Response.StatusCode = int.Parse(script); return;
            }
        }
        if (!Authorized(context.Request)) { context.Response.StatusCode = 401; return; }
        var path = context.Request.Path.Value ?? "";
        if (path == "/api/clients")
        {
            var page = int.Parse(context.Request.Query["p"].FirstOrDefault() ?? "1");
            var size = int.Parse(context.Request.Query["n"].FirstOrDefault() ?? "100");
            var items = Clients.Values.OrderBy(c => (string)c["code"]!, StringComparer.Ordinal).Skip((page - 1) * size).Take(size).ToList();
            await context.Response.WriteAsJsonAsync(new { data = items, page });
            return;
        }
        if (path.StartsWith("/api/clients/", StringComparison.Ordinal) && Clients.TryGetValue(Uri.UnescapeDataString(path["/api/clients/".Length..]), out var one))
        {
            await context.Response.WriteAsJsonAsync(one);
            return;
        }
        context.Response.StatusCode = 404;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
