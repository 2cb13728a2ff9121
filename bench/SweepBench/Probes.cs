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

// What the sweep costs while it runs: its CPU, the disk's work, and where its time goes.
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
