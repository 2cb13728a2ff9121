using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sav.Domain.Documents;

/// <summary>Writes new files with Linux's O_DIRECT: the bytes go from an aligned buffer to the disk, not copied into the
/// page cache first. For files of megabytes (photos, videos) that copy is most of the CPU a buffered write costs (about
/// ten times as much as the direct write here). The last block is written whole and the file then cut to its length.
/// Elsewhere (another OS, a file system that refuses O_DIRECT) <see cref="TryCreate"/> returns null and the caller writes
/// buffered.</summary>
/// <remarks>A refusal is remembered per <see cref="Refusal"/>, that is per store and so per folder: a store on a file system
/// without O_DIRECT (tmpfs before Linux 6.6, some network file systems) writes buffered from its first refusal on, while
/// the others go on writing directly.</remarks>
internal static class DirectFile
{
    /// <summary>Offsets, lengths and buffer addresses are multiples of this (the largest logical block size in use).</summary>
    internal const int Alignment = 4096;
    internal const int BufferBytes = 512 * 1024;
    private const int KeptBuffers = 8;
    private static readonly ConcurrentQueue<Memory<byte>> Buffers = new();

    /// <summary>Whether the file system under one store refused direct writes.</summary>
    internal sealed class Refusal
    {
        private volatile bool _refused;

        public bool Refused => _refused;

        public void Remember() => _refused = true;
    }

    /// <summary>Creates <paramref name="path"/> (which must not exist) for direct writes, or returns null.</summary>
    public static SafeFileHandle? TryCreate(string path, Refusal refusal)
    {
        if (refusal.Refused || !OperatingSystem.IsLinux() || DirectFlag() is not { } direct) return null;
        const int writeOnly = 0x1, create = 0x40, exclusive = 0x80, closeOnExec = 0x80000;
        var fd = Open(path, writeOnly | create | exclusive | closeOnExec | direct, Convert.ToInt32("666", 8));
        if (fd >= 0) return new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        var error = Marshal.GetLastPInvokeError();
        // EINVAL: this file system does not do O_DIRECT; anything else (the file exists, no room...) is the caller's error to meet.
        if (error != 22) throw new IOException($"Could not create {path}: {Marshal.GetPInvokeErrorMessage(error)}", error);
        refusal.Remember();
        return null;
    }

    /// <summary>Copies <paramref name="content"/> to the new file and returns its length. Two buffers: one block is read
    /// (decoded, for an attachment) while the one before is written, so that the disk's wait and the CPU overlap.</summary>
    public static async Task<long> WriteAsync(SafeFileHandle file, Stream content, Refusal refusal, CancellationToken cancellationToken)
    {
        var (current, other) = (Rent(), Rent());
        var writing = Task.CompletedTask;
        try
        {
            long written = 0;
            while (true)
            {
                var filled = 0;
                while (filled < current.Length)
                {
                    var read = await content.ReadAsync(current[filled..], cancellationToken);
                    if (read == 0) break;
                    filled += read;
                }
                await writing;
                if (filled == current.Length)
                {
                    writing = WriteAsync(file, current, written, refusal, cancellationToken);
                    written += filled;
                    (current, other) = (other, current);
                    continue;
                }
                if (filled > 0)
                {
                    // The last block is written whole; the bytes past the content are cut off below.
                    var whole = (filled + Alignment - 1) / Alignment * Alignment;
                    current.Span[filled..whole].Clear();
                    await WriteAsync(file, current[..whole], written, refusal, cancellationToken);
                    written += filled;
                }
                RandomAccess.SetLength(file, written);
                return written;
            }
        }
        finally
        {
            // A buffer goes back to the pool only once no write reads it.
            try { await writing; }
            catch (Exception) when (!writing.IsCompletedSuccessfully) { }
            Return(current);
            Return(other);
        }
    }

    private static async Task WriteAsync(SafeFileHandle file, ReadOnlyMemory<byte> bytes, long offset, Refusal refusal,
        CancellationToken cancellationToken)
    {
        try { await RandomAccess.WriteAsync(file, bytes, offset, cancellationToken); }
        catch (IOException e) when (offset == 0)
        {
            // A file system that opens for O_DIRECT but refuses its writes: buffered writes from now on.
            refusal.Remember();
            throw new DirectWriteRefusedException(e);
        }
    }

    /// <summary>An aligned buffer: a pinned array never moves, so its aligned window stays aligned.</summary>
    private static Memory<byte> Rent()
    {
        if (Buffers.TryDequeue(out var kept)) return kept;
        var array = GC.AllocateUninitializedArray<byte>(BufferBytes + Alignment, pinned: true);
        var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        var start = (int)((Alignment - address % Alignment) % Alignment);
        return array.AsMemory(start, BufferBytes);
    }

    private static void Return(Memory<byte> buffer)
    {
        if (Buffers.Count < KeptBuffers) Buffers.Enqueue(buffer);
    }

    /// <summary>O_DIRECT differs between architectures.</summary>
    private static int? DirectFlag() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => null,
    };

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);
}

/// <summary>The first direct write of a file was refused: nothing of it is written, the caller writes it buffered.</summary>
internal sealed class DirectWriteRefusedException(Exception inner) : IOException("Direct writes refused by the file system.", inner);
