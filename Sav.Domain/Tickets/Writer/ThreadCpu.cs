using System.Runtime.InteropServices;

namespace Sav.Domain.Tickets.Writer;

/// <summary>The CPU time the calling thread has used, where the system tells it (Linux): what the writer costs per
/// opening, whatever else the machine runs (its wall time would count the waits). A probe, not a rule: it feeds
/// <see cref="OpeningWriter.Written"/>, which bench/Sav.Bench.Gateway prints.</summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;
    private static readonly bool Supported = OperatingSystem.IsLinux();

    /// <summary>The thread's CPU time so far, or null where it cannot be read.</summary>
    public static TimeSpan? Now()
    {
        if (!Supported) return null;
        try
        {
            return ClockGetTime(ClockThreadCpuTime, out var time) == 0
                ? TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100)
                : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
