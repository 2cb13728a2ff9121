using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sav.Domain.Tickets;

namespace Sav.Bench.Gateway;

/// <summary>Openings through the gateway's own <see cref="TicketOpener"/>, without HTTP: the domain's share of the
/// CPU an opening costs (checks, mail, writer, SQLite), to measure changes there apart from Kestrel and the clients.</summary>
public static class DomainLoad
{
    public static async Task<LoadResult> RunAsync(GatewayServer gateway, int clients, TimeSpan warmUp, TimeSpan duration, Action measuring)
    {
        var opener = gateway.Services.GetRequiredService<TicketOpener>();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Loop(opener, c + 1000, warmUp, null)));
        for (var round = 0; round < 60; round++)
        {
            var compiling = System.Runtime.JitInfo.GetCompilationTime();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Loop(opener, c + 2000 + round * clients, TimeSpan.FromSeconds(1), null)));
            if (System.Runtime.JitInfo.GetCompilationTime() - compiling < TimeSpan.FromMilliseconds(10)) break;
        }
        Console.WriteLine("  (warmed up, measuring)");
        measuring();
        var latencies = new List<double>[clients];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Loop(opener, c, duration, latencies[c] = new List<double>(4096))));
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return new LoadResult(counts.Sum(), 0, watch.Elapsed, latencies.SelectMany(l => l).Order().ToArray(), cpu);
    }

    private static async Task<int> Loop(TicketOpener opener, int client, TimeSpan duration, List<double>? latencies)
    {
        var ok = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
        {
            var started = Stopwatch.GetTimestamp();
            // Off the caller's thread, as Kestrel's requests are.
            await Task.Run(() => opener.OpenAsync(new OpenTicket
            {
                Email = $"client{client}.{n}@bench.example",
                Name = $"Client {client}",
                Subject = $"Écran {n} ne s'allume plus",
                Description = "Le voyant reste orange après la mise sous tension.",
                Customer = "Collège Pasteur",
                ProductFamily = "Écrans tactiles",
            }, $"client{client}.{n}@bench.example"));
            latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            ok++;
        }
        return ok;
    }
}
