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

sealed class Bench : IAsyncDisposable
{
    private const string Secret = "bench-secret-for-contexts-0123456789";
    private readonly SavDatabase _database;
    private readonly IDbContextFactory<SavDbContext> _factory;
    private readonly TicketContexts _contexts = new(Secret);
    private readonly TimeProvider _clock = TimeProvider.System;
    private string _context = "";
    public MailboxOptions Mailbox { get; }
    public DocumentOptions Documents { get; }

    private Bench(string folder)
    {
        Directory.CreateDirectory(folder);
        _database = new SavDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "sav.db")}");
        _factory = new Factory(_database);
        Mailbox = new MailboxOptions { Folder = Directory.CreateDirectory(Path.Combine(folder, "inbox")).FullName, QuarantineFolder = Path.Combine(folder, "quarantine") };
        // SAV_BENCH_DIRECT_WRITES=0 sets Documents:DirectWrites off (files through the page cache), to compare.
        // SAV_BENCH_FLUSH=0 sets Documents:FlushToDisk off (files not flushed before their rows commit), to compare.
        Documents = new DocumentOptions
        {
            Folder = Path.Combine(folder, "documents"), DirectWrites = Environment.GetEnvironmentVariable("SAV_BENCH_DIRECT_WRITES") != "0",
            FlushToDisk = Environment.GetEnvironmentVariable("SAV_BENCH_FLUSH") != "0",
        };
        if (int.TryParse(Environment.GetEnvironmentVariable("SAV_BENCH_PARALLELISM"), out var parallelism)) Mailbox.Parallelism = parallelism;
    }

    public static async Task<Bench> CreateAsync(string folder)
    {
        var bench = new Bench(folder);
        await using (var db = bench._database.CreateContext())
        {
            await db.Database.EnsureCreatedAsync();
            await ReferenceData.EnsureAsync(db);
        }
        var mail = new MailComposer(bench._contexts, Options.Create(new MailOptions { PickupFolder = Path.Combine(folder, "pickup") }), bench._clock);
        var opened = await new TicketOpener(bench._factory, new OpenTicketValidator(), bench._contexts, mail, bench._clock).OpenAsync(new OpenTicket
        {
            Email = "marie.durand@college-pasteur.example", Name = "Marie Durand", Subject = "Écran", ProductFamily = "Écrans",
        }, "bench");
        bench._context = opened.Context;
        return bench;
    }

    public byte[] Reply(int i, byte[] attachment, string? text = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Marie Durand", "marie.durand@college-pasteur.example"));
        message.To.Add(new MailboxAddress("SAV", "sav@example.com"));
        message.Subject = $"RE: Ticket N° {_context}# - Écran";
        message.MessageId = $"bench-{i}-{Guid.NewGuid():N}@customer.example";
        var builder = new BodyBuilder { TextBody = text ?? $"Voici la vidéo {i}.\n\nLe lun. 2 nov. 2026, SAV a écrit :\n> Bonjour" };
        builder.Attachments.Add($"video-{i}.mp4", attachment, new ContentType("video", "mp4"));
        message.Body = builder.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    public MailboxSweeper Sweeper(IMailboxReader reader)
    {
        var store = new TimedStore(new LocalDocumentStore(Options.Create(Documents)));
        reader = new TimedReader(reader);
        var composer = new MailComposer(_contexts, Options.Create(new MailOptions()), _clock);
        return new MailboxSweeper(_factory, reader, new MailFiler(_factory, store, composer, _clock), new ReplyMatcher(_contexts),
            Options.Create(Mailbox), Options.Create(Documents), _clock, NullLogger<MailboxSweeper>.Instance);
    }

    public async Task<bool> HasEntryAsync(string text)
    {
        await using var db = _database.CreateContext();
        return await db.ConversationEntries.AnyAsync(e => e.Text == text);
    }

    public async Task CheckAsync(int expected)
    {
        await using var db = _database.CreateContext();
        var documents = await db.Documents.CountAsync();
        if (documents != expected) throw new InvalidOperationException($"{documents} documents filed, {expected} expected");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Contexts from a pool, as the hosts' factory (AddSavData) hands them out.</summary>
    private sealed class Factory(SavDatabase database) : IDbContextFactory<SavDbContext>
    {
        private readonly Func<SavDbContext> _create = database.Pooled();
        public SavDbContext CreateDbContext() => _create();
    }
}

static class Cpu
{
    /// <summary>The machine is shared: CPU time per message says what the sweep costs whatever the load. The
    /// runtime's background JIT (tier-1 recompilation, which a long-running gateway finishes once) is shown apart.</summary>
    public static void Report(TimeSpan before, double jitBefore, int messages)
    {
        var used = Process.GetCurrentProcess().TotalProcessorTime - before;
        var jit = JitMilliseconds() - jitBefore;
        var perMessage = used.TotalMilliseconds / Math.Max(1, messages);
        var withoutJit = (used.TotalMilliseconds - jit) / Math.Max(1, messages);
        Console.WriteLine($"  CPU {used.TotalSeconds:0.00} s = {perMessage:0.0} ms per message, {withoutJit:0.0} ms without the background JIT "
            + $"(load average now {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores)");
    }

    /// <summary>CPU time of the runtime's tiered-compilation thread, from /proc (Linux).</summary>
    public static double JitMilliseconds()
    {
        double total = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered", StringComparison.Ordinal)) continue;
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // utime and stime, fields 14 and 15 of stat, in clock ticks of 10 ms.
                total += (long.Parse(fields[11]) + long.Parse(fields[12])) * 10.0;
            }
            catch (IOException) { }
        }
        return total;
    }
}

/// <summary>The disk the bench writes to, from /proc/diskstats (Linux): how much was written and how busy it was, to tell
/// a sweep held back by the disk from one held back by the CPU.</summary>
sealed class DiskStats
{
    private readonly string _device;
    private readonly long[] _before;

    private DiskStats(string device, long[] before) => (_device, _before) = (device, before);

    public static DiskStats? Of(string path)
    {
        if (!File.Exists("/proc/self/mountinfo") || !File.Exists("/proc/diskstats")) return null;
        // The mount holding the path (the longest mount point before it), and its device's major:minor.
        var device = File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')).Where(f => f.Length > 4 && path.StartsWith(f[4], StringComparison.Ordinal))
            .OrderByDescending(f => f[4].Length).Select(f => f[2]).FirstOrDefault();
        return device is not null && Read(device) is { } before ? new DiskStats(device, before) : null;
    }

    public void Report(TimeSpan elapsed)
    {
        if (Read(_device) is not { } after) return;
        // Index k holds field k + 3 of /proc/diskstats: writes completed (8), sectors written (10, of 512 bytes),
        // milliseconds doing I/O (13), flushes completed (20, from Linux 5.5).
        var megabytes = (after[7] - _before[7]) * 512 / 1e6;
        var busy = (after[10] - _before[10]) / elapsed.TotalMilliseconds;
        var flushes = after.Length > 17 ? $", {after[17] - _before[17]} flushes" : "";
        Console.WriteLine($"  disk: {megabytes / elapsed.TotalSeconds:0} MB/s written, busy {busy:0%} of the time, {after[5] - _before[5]} writes{flushes}");
    }

    private static long[]? Read(string device)
    {
        var numbers = device.Split(':');
        var line = File.ReadLines("/proc/diskstats").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(f => f.Length > 13 && f[0] == numbers[0] && f[1] == numbers[1]);
        // Index 0 stands for the name, then the counters in /proc/diskstats' order.
        return line?.Skip(2).Select((f, i) => i == 0 ? 0 : long.Parse(f)).ToArray();
    }
}

static class Timings
{
    public static TimeSpan Store, Open, Mark;
}

sealed class TimedStore(IDocumentStore inner) : IDocumentStore
{
    public DocumentStoreKind Kind => inner.Kind;
    public async Task<StoredDocument> SaveAsync(string ticketCode, string fileName, string mediaType, Stream content, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try { return await inner.SaveAsync(ticketCode, fileName, mediaType, content, ct); }
        finally { Timings.Store += watch.Elapsed; }
    }
    public Task<Stream?> OpenReadAsync(Document document, CancellationToken ct) => inner.OpenReadAsync(document, ct);
}

sealed class TimedReader(IMailboxReader inner) : IMailboxReader
{
    public string Name => inner.Name;
    public Task<IReadOnlyList<MailboxItem>> ListAsync(int max, CancellationToken ct) => inner.ListAsync(max, ct);
    public async Task<Stream> OpenAsync(MailboxItem item, long maxBytes, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var stream = await inner.OpenAsync(item, maxBytes, ct);
        Timings.Open += watch.Elapsed;
        return stream;
    }
    public async Task MarkProcessedAsync(MailboxItem item, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await inner.MarkProcessedAsync(item, ct);
        Timings.Mark += watch.Elapsed;
    }
    public async Task MarkProcessedAsync(IReadOnlyList<MailboxItem> items, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await inner.MarkProcessedAsync(items, ct);
        Timings.Mark += watch.Elapsed;
    }
    public Task WaitForNewAsync(TimeSpan max, CancellationToken ct) => inner.WaitForNewAsync(max, ct);
}
