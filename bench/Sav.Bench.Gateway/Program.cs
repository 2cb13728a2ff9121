using Microsoft.Extensions.DependencyInjection;
using Sav.Bench.Gateway;
using Sav.Domain.Tickets;

// Ticket openings per second through the real gateway on SQLite, beside a bare endpoint inserting
// one row in the same kind of database (the floor). Usage: [--seconds N] [--clients N] [--warm-up N] [--gateway-only] [--domain]
// [--not-durable]: both with synchronous=NORMAL (Database:DurableCommits=false) rather than the shipped FULL.
// [--without-search-index]: the words index and its triggers dropped (run alternately with and without to see its cost).
// [--process [NAME=value ...]]: the shipped gateway executable in its own process, its resident memory idle and at peak
// (the variables are given to it, e.g. DOTNET_GCgen0size=0x2000000 to try a setting); [--postgres CONNECTION] with it: on
// that empty PostgreSQL database rather than a new SQLite file.
// SQLite's process-wide settings, as the gateway applies them, before the floor opens the process's first connection.
Sav.Domain.Data.SqliteRuntime.Configure();
var trace = CommandTrace.Start();
var seconds = Arguments.Int(args, "--seconds", 15);
var clients = Arguments.Int(args, "--clients", 16);
var warmUp = TimeSpan.FromSeconds(Arguments.Int(args, "--warm-up", 5));
var durable = !args.Contains("--not-durable");
var searchIndex = !args.Contains("--without-search-index");
Console.WriteLine($"{clients} concurrent clients, {warmUp.TotalSeconds} s warm-up and {seconds} s per run, loopback, SQLite (WAL, " +
    $"synchronous={(durable ? "FULL: each commit synced, as shipped" : "NORMAL: Database:DurableCommits=false")}), " +
    $"{Environment.ProcessorCount} cores, load average {LoadAverage.Now()}");

if (args.Contains("--process"))
{
    // The gateway alone in its own process: resident memory idle, at its peak under the load, and idle again.
    var postgres = Array.IndexOf(args, "--postgres") is var p and >= 0 && p + 1 < args.Length ? args[p + 1] : null;
    await using var gateway = await ProcessGateway.StartAsync(args.Where(a => a.Contains('=') && !a.StartsWith("--") && a != postgres), postgres);
    await Task.Delay(TimeSpan.FromSeconds(20));
    var idle = gateway.Resident().Now;
    var result = await Load.RunAsync(gateway.Address, "/api/forms/open", clients, warmUp, TimeSpan.FromSeconds(seconds), Load.OpenBody);
    Report.Print("gateway process: POST /api/forms/open", result);
    var peak = gateway.Resident().Peak;
    await Task.Delay(TimeSpan.FromSeconds(20));
    Console.WriteLine($"gateway resident memory: idle {idle:0} MB, peak {peak:0} MB, idle again 20 s after the load {gateway.Resident().Now:0} MB");
    return;
}
if (args.Contains("--domain"))
{
    await using var gateway = await GatewayServer.StartAsync(durable, searchIndex);
    var opener = gateway.Services.GetRequiredService<TicketOpener>();
    var before = opener.Written;
    var result = await DomainLoad.RunAsync(gateway, clients, warmUp, TimeSpan.FromSeconds(seconds), measuring: () => before = opener.Written);
    Report.Print("domain: TicketOpener.OpenAsync", result);
    Report.Writer(before, opener.Written);
    Console.WriteLine($"load average {LoadAverage.Now()}");
    return;
}
if (!args.Contains("--gateway-only"))
{
    await using var floor = await FloorServer.StartAsync(durable);
    var result = await Load.RunAsync(floor.Address, "/floor", clients, warmUp, TimeSpan.FromSeconds(seconds), Load.FloorBody);
    Report.Print("floor: one INSERT per request", result);
    Report.Floor = result;
}
await using (var gateway = await GatewayServer.StartAsync(durable, searchIndex))
{
    var opener = gateway.Services.GetRequiredService<TicketOpener>();
    var before = opener.Written;
    var result = await Load.RunAsync(gateway.Address, "/api/forms/open", clients, warmUp, TimeSpan.FromSeconds(seconds), Load.OpenBody,
        measuring: () => before = opener.Written);
    Report.Print("gateway: POST /api/forms/open", result);
    Report.Writer(before, opener.Written);
    Report.Verdict(result, await gateway.TicketCountAsync());
}
Console.WriteLine($"load average {LoadAverage.Now()}");
trace?.Print();
