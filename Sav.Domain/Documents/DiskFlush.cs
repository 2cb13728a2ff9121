using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sav.Domain.Documents;

/// <summary>Makes what the local store wrote survive a power cut or an OS crash (<see cref="DocumentOptions.FlushToDisk"/>):
/// a file's data and metadata, and the directory entry that names it. Without it a row committed after the file can
/// outlive the file itself (empty, short or missing after the restart).</summary>
internal static class DiskFlush
{
    /// <summary>The file's data and metadata (fsync on Unix, FlushFileBuffers on Windows).</summary>
    public static void File(SafeFileHandle file) => RandomAccess.FlushToDisk(file);

    private sealed class Folder
    {
        public bool Flushing;
        /// <summary>The callers who asked since the running flush began: the next flush is theirs.</summary>
        public TaskCompletionSource? Waiting;
    }

    private static readonly Dictionary<string, Folder> Folders = new();

    /// <summary>Flushes the folder's entries (<see cref="Directory"/>), sharing one flush among the callers who ask while
    /// another runs: a folder's fsync makes every name made in it before it durable, so files stored at once in a
    /// ticket's folder wait for one flush more, not for one each.</summary>
    public static Task DirectoryAsync(string path)
    {
        TaskCompletionSource mine;
        var start = false;
        lock (Folders)
        {
            if (!Folders.TryGetValue(path, out var folder)) Folders[path] = folder = new Folder();
            mine = folder.Waiting ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!folder.Flushing) start = folder.Flushing = true;
        }
        if (start) _ = Task.Run(() => FlushWhileAsked(path));
        return mine.Task;
    }

    private static void FlushWhileAsked(string path)
    {
        while (true)
        {
            TaskCompletionSource asked;
            lock (Folders)
            {
                var folder = Folders[path];
                if (folder.Waiting is null)
                {
                    Folders.Remove(path);
                    return;
                }
                (asked, folder.Waiting) = (folder.Waiting, null);
            }
            try
            {
                Directory(path);
                asked.SetResult();
            }
            catch (Exception e) { asked.SetException(e); }
        }
    }

    /// <summary>The entries of <paramref name="path"/> (a file created, renamed or a folder made in it). On Unix only a
    /// directory's own fsync makes a new name durable; Windows' NTFS journals names with the file's metadata.</summary>
    public static void Directory(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        const int readOnly = 0, closeOnExec = 0x80000;
        var fd = Open(path, OperatingSystem.IsLinux() ? readOnly | closeOnExec : readOnly, 0);
        if (fd < 0) throw Failure("open", path);
        using var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        if (Fsync(fd) != 0) throw Failure("fsync", path);
    }

    private static IOException Failure(string call, string path)
    {
        var error = Marshal.GetLastPInvokeError();
        return new IOException($"Could not flush the folder {path} to disk ({call}): {Marshal.GetPInvokeErrorMessage(error)}", error);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);
}
