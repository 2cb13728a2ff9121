using System.Diagnostics;
using System.Runtime;

namespace Sav.Bench.Gateway;

public sealed record LoadResult(int Succeeded, int Failed, TimeSpan Elapsed, double[] LatenciesMs, TimeSpan Cpu)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;
    /// <summary>This process's CPU time (server and clients) per request: steadier than req/s on a busy machine.</summary>
    public double CpuMsPerRequest => Cpu.TotalMilliseconds / Math.Max(1, Succeeded + Failed);
    public double Percentile(double p) => LatenciesMs.Length == 0 ? 0 : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)(p * LatenciesMs.Length))];
}

/// <summary>Closed-loop clients: each posts, waits for the answer, posts again, until time is up.</summary>
public static class Load
{
    public static FormUrlEncodedContent FloorBody(int client, int n) => new(new Dictionary<string, string>
    {
        ["EMAIL"] = $"client{client}.{n}@bench.example", ["SUBJECT"] = $"Demande {client}-{n}",
    });

    public static FormUrlEncodedContent OpenBody(int client, int n) => new(new Dictionary<string, string>
    {
        ["API_KEY"] = GatewayServer.ApiKey,
        ["EMAIL"] = $"client{client}.{n}@bench.example",
        ["NAME"] = $"Client {client}",
        ["SUBJECT"] = $"Écran {n} ne s'allume plus",
        ["DESCRIPTION"] = "Le voyant reste orange après la mise sous tension.",
        ["CUSTOMER"] = "Collège Pasteur",
        ["PRODUCT_FAMILY"] = "Écrans tactiles",
    });

    public static async Task<LoadResult> RunAsync(Uri address, string path, int clients, TimeSpan warmUp, TimeSpan duration,
        Func<int, int, HttpContent> body, Action? measuring = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = address };
        // Warm-up: connection pool, SQLite page cache, and the JIT's second tier, which compiles the hot code
        // again for several seconds of CPU (more on a loaded machine) before the steady state a gateway lives in:
        // at least warmUp, then until a second passes with (almost) no compiling, at most a minute more.
        var warming = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Loop(http, path, c + 1000, warmUp, body, null)));
        for (var round = 0; round < 60; round++)
        {
            var compiling = JitInfo.GetCompilationTime();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Loop(http, path, c + 2000 + round * clients, TimeSpan.FromSeconds(1), body, null)));
            if (JitInfo.GetCompilationTime() - compiling < TimeSpan.FromMilliseconds(10)) break;
        }
        Console.WriteLine($"  (warmed up for {warming.Elapsed.TotalSeconds:0} s, {JitInfo.GetCompiledMethodCount()} methods compiled)");

        measuring?.Invoke();
        var latencies = new List<double>[clients];
        var failed = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            latencies[c] = new List<double>(4096);
            var (ok, ko) = await Loop(http, path, c, duration, body, latencies[c]);
            Interlocked.Add(ref failed, ko);
            return ok;
        }));
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(counts.Sum(), failed, watch.Elapsed, all, cpu);
    }

    private static async Task<(int Ok, int Failed)> Loop(HttpClient http, string path, int client, TimeSpan duration,
        Func<int, int, HttpContent> body, List<double>? latencies)
    {
        var ok = 0;
        var ko = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync(path, body(client, n));
            await response.Content.ReadAsStringAsync();
            latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.IsSuccessStatusCode) ok++;
            else ko++;
        }
        return (ok, ko);
    }
}

public static class Report
{
    public static LoadResult? Floor { get; set; }

    public static void Print(string title, LoadResult r) =>
        Console.WriteLine($"{title,-36} {r.PerSecond,8:0} req/s  p50 {r.Percentile(0.50),6:0.0} ms  p95 {r.Percentile(0.95),6:0.0} ms" +
            $"  p99 {r.Percentile(0.99),6:0.0} ms  cpu {r.CpuMsPerRequest,5:0.00} ms/req  ({r.Succeeded} ok, {r.Failed} failed)");

    /// <summary>The writer's share: openings per commit, and its CPU per opening, on its own thread. The writer is serial,
    /// so a second over that figure bounds the openings per second whatever the other core does.</summary>
    public static void Writer(Sav.Domain.Tickets.Writer.OpeningWriterStats before, Sav.Domain.Tickets.Writer.OpeningWriterStats after)
    {
        var openings = Math.Max(1, after.Openings - before.Openings);
        var cpu = (after.Cpu - before.Cpu).TotalMicroseconds / openings;
        Console.WriteLine($"  writer: {openings / (double)Math.Max(1, after.Commits - before.Commits):0.0} openings per commit, " +
            $"{cpu:0} µs of its thread's CPU per opening (serial: at most {(cpu > 0 ? 1e6 / cpu : 0):0} openings/s)");
    }

    public static void Verdict(LoadResult gateway, int tickets)
    {
        var ratio = Floor is null ? 0 : gateway.PerSecond / Floor.PerSecond;
        Console.WriteLine($"tickets in the database: {tickets}; gateway/floor = {ratio:P0} (target ≥ 50 %), p99 {gateway.Percentile(0.99):0.0} ms (target < 50 ms)");
        Console.WriteLine(ratio >= 0.5 && gateway.Percentile(0.99) < 50 && gateway.Failed == 0 ? "TARGET MET" : "TARGET MISSED");
    }
}

public static class Arguments
{
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}

public static class LoadAverage
{
    /// <summary>The 1, 5 and 15 minute load averages (Linux), to read the figures beside: other work shares the cores.</summary>
    public static string Now() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
