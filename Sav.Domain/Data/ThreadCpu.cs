using System.Runtime.InteropServices;

namespace Sav.Domain.Data;

/// <summary>The CPU time the calling thread has used, where the system tells it (Linux): what a serial stage, such as
/// a writer, costs per item, unlike its wall time, whatever else the machine runs.</summary>
public static class ThreadCpu
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
