// Mailbox sweep benchmark: messages filed per second from the folder reader and from IMAP on loopback
// (a real Dovecot), each message carrying one 2 MB attachment; and the delay from an IMAP delivery to
// the conversation entry while the sweep watches with IDLE.
//   dotnet run -c Release --project bench/SweepBench [-- folderMessages imapMessages idleSamples warmUpMessages]
using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MailKit;
using MimeKit;
using Sav.Domain.Data;
using Sav.Domain.Documents;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;

Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
var folderCount = args.Length > 0 ? int.Parse(args[0]) : 300;
var imapCount = args.Length > 1 ? int.Parse(args[1]) : 150;
var idleSamples = args.Length > 2 ? int.Parse(args[2]) : 10;
// A gateway sweeps for weeks: the first messages, filed while the JIT compiles and recompiles the sweep's code
// (EF Core, MimeKit, MailKit, SQLite), are swept before the measure and not counted.
var warmUp = args.Length > 3 ? int.Parse(args[3]) : 100;
var total = Stopwatch.StartNew();
var root = Directory.CreateTempSubdirectory("sav-bench-").FullName;
try
{
    var attachment = new byte[2 * 1024 * 1024];
    new Random(7).NextBytes(attachment);

    Console.WriteLine($"Folder reader: {folderCount} messages with a 2 MB attachment each");
    if (folderCount > 0)
    await using (var bench = await Bench.CreateAsync(Path.Combine(root, "folder")))
    {
        var folderReader = new FolderMailboxReader(Options.Create(bench.Mailbox));
        for (var i = 0; i < warmUp; i++)
            await File.WriteAllBytesAsync(Path.Combine(bench.Mailbox.Folder, $"warm-{i:00000}.eml"), bench.Reply(-1 - i, attachment));
        await bench.Sweeper(folderReader).SweepAsync(CancellationToken.None);
        Timings.Store = Timings.Open = Timings.Mark = TimeSpan.Zero;
        for (var i = 0; i < folderCount; i++)
            await File.WriteAllBytesAsync(Path.Combine(bench.Mailbox.Folder, $"{i:00000}.eml"), bench.Reply(i, attachment));
        Console.WriteLine($"  sweeping (process {Environment.ProcessId})");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var jit = Cpu.JitMilliseconds();
        var disk = DiskStats.Of(root);
        var watch = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        long samples = 0, pendingSum = 0, threadsMax = 0;
        var sampler = new Thread(() =>
        {
            while (!sampling.IsCancellationRequested)
            {
                samples++;
                pendingSum += ThreadPool.PendingWorkItemCount;
                threadsMax = Math.Max(threadsMax, ThreadPool.ThreadCount);
                Thread.Sleep(1);
            }
        }) { IsBackground = true };
        sampler.Start();
        var report = await bench.Sweeper(folderReader).SweepAsync(CancellationToken.None);
        watch.Stop();
        sampling.Cancel();
        sampler.Join();
        Console.WriteLine($"  thread pool: {threadsMax} threads at most, {(double)pendingSum / samples:0.0} work items waiting on average");
        Cpu.Report(cpu, jit, report.Filed);
        disk?.Report(watch.Elapsed);
        Console.WriteLine($"  (document store {Timings.Store.TotalSeconds:0.00} s, opening messages {Timings.Open.TotalSeconds:0.00} s, marking {Timings.Mark.TotalSeconds:0.00} s)");
        Console.WriteLine($"  filed {report.Filed} in {watch.Elapsed.TotalSeconds:0.00} s: {report.Filed / watch.Elapsed.TotalSeconds:0} messages/s (target 300/s)");
        await bench.CheckAsync(warmUp + folderCount);
    }

    await using (var dovecot = await Dovecot.StartAsync())
    await using (var bench = await Bench.CreateAsync(Path.Combine(root, "imap")))
    {
        Console.WriteLine($"IMAP reader (Dovecot on loopback): {imapCount} messages with a 2 MB attachment each");
        bench.Mailbox.Imap = dovecot.Options().Imap;
        // SAV_BENCH_FETCH_TOGETHER=0 fetches one message per IMAP command, to compare.
        if (long.TryParse(Environment.GetEnvironmentVariable("SAV_BENCH_FETCH_TOGETHER"), out var together)) bench.Mailbox.Imap.FetchTogetherBytes = together;
        // SAV_BENCH_IMAP_LATENCY_MS=<ms> puts that delay each way between the reader and Dovecot, as a distant server.
        await using var proxy = int.TryParse(Environment.GetEnvironmentVariable("SAV_BENCH_IMAP_LATENCY_MS"), out var latency) && latency > 0
            ? new LatencyProxy(bench.Mailbox.Imap.Host, bench.Mailbox.Imap.Port, TimeSpan.FromMilliseconds(latency)) : null;
        if (proxy is not null)
        {
            bench.Mailbox.Imap.Port = proxy.Port;
            Console.WriteLine($"  through a relay holding each chunk {latency} ms each way");
        }
        using (var client = await dovecot.ConnectAsync())
        {
            for (var i = 0; i < warmUp; i++)
                await client.Inbox.AppendAsync(MimeMessage.Load(new MemoryStream(bench.Reply(-1 - i, attachment))), MessageFlags.None);
            await using (var warming = new ImapMailboxReader(Options.Create(bench.Mailbox), NullLogger<ImapMailboxReader>.Instance))
                await bench.Sweeper(warming).SweepAsync(CancellationToken.None);
            for (var i = 0; i < imapCount; i++)
                await client.Inbox.AppendAsync(MimeMessage.Load(new MemoryStream(bench.Reply(i, attachment))), MessageFlags.None);
            await client.DisconnectAsync(true);
        }
        await using var reader = new ImapMailboxReader(Options.Create(bench.Mailbox), NullLogger<ImapMailboxReader>.Instance);
        Console.WriteLine($"  sweeping over IMAP (process {Environment.ProcessId})");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var jit = Cpu.JitMilliseconds();
        var watch = Stopwatch.StartNew();
        var report = await bench.Sweeper(reader).SweepAsync(CancellationToken.None);
        watch.Stop();
        Cpu.Report(cpu, jit, report.Filed);
        Console.WriteLine($"  filed {report.Filed} in {watch.Elapsed.TotalSeconds:0.00} s: {report.Filed / watch.Elapsed.TotalSeconds:0} messages/s (target 100/s)");
        await bench.CheckAsync(warmUp + imapCount);

        Console.WriteLine($"IMAP IDLE: delay from delivery to the conversation entry, {idleSamples} replies one at a time");
        if (idleSamples == 0) return;
        using var stop = new CancellationTokenSource();
        var watching = bench.Sweeper(reader).SweepAndWatchAsync(TimeSpan.FromMinutes(5), stop.Token);
        await Task.Delay(1000);
        var delays = new List<double>();
        using var sender = await dovecot.ConnectAsync();
        for (var i = 0; i < idleSamples; i++)
        {
            var text = $"Idle reply {i}";
            var message = MimeMessage.Load(new MemoryStream(bench.Reply(100_000 + i, attachment, text)));
            await sender.Inbox.AppendAsync(message, MessageFlags.None);
            var delivered = Stopwatch.StartNew();
            while (!await bench.HasEntryAsync(text) && delivered.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);
            delays.Add(delivered.Elapsed.TotalMilliseconds);
            await Task.Delay(300);
        }
        await stop.CancelAsync();
        try { await watching; } catch (OperationCanceledException) { }
        delays.Sort();
        Console.WriteLine($"  delivery→filing: median {delays[delays.Count / 2]:0} ms, max {delays[^1]:0} ms (target < 5000 ms)");
    }
}
finally
{
    Directory.Delete(root, recursive: true);
    Console.WriteLine($"Total {total.Elapsed.TotalSeconds:0} s");
}
