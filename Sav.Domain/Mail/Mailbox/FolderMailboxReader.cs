using Microsoft.Extensions.Options;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>A local folder of .eml files (the default): what a pickup, a fetchmail or a test drops there.</summary>
public sealed class FolderMailboxReader(IOptions<MailboxOptions> options) : IMailboxReader
{
    private string Folder => Path.GetFullPath(options.Value.Folder);
    private string Processed => Path.Combine(Folder, "processed");

    public string Name => "folder:" + options.Value.Folder;

    public Task<IReadOnlyList<MailboxItem>> ListAsync(int max, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Folder)) return Task.FromResult<IReadOnlyList<MailboxItem>>([]);
        IReadOnlyList<MailboxItem> items = new DirectoryInfo(Folder).EnumerateFiles("*.eml")
            .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
            .Take(max).Select(f => new MailboxItem(f.FullName)).ToList();
        return Task.FromResult(items);
    }

    public Task<Stream> OpenAsync(MailboxItem item, long maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(item.Key, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));

    public Task MarkProcessedAsync(MailboxItem item, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Processed);
        if (File.Exists(item.Key)) File.Move(item.Key, Path.Combine(Processed, Path.GetFileName(item.Key)), overwrite: true);
        return Task.CompletedTask;
    }

    public async Task WaitForNewAsync(TimeSpan max, CancellationToken cancellationToken)
    {
        // Waiting is wall-clock time, not business time: a Stopwatch, not the TimeProvider.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested && watch.Elapsed < max)
        {
            if (Directory.Exists(Folder) && Directory.EnumerateFiles(Folder, "*.eml").Any()) return;
            var left = max - watch.Elapsed;
            if (left > TimeSpan.Zero) await Task.Delay(left < options.Value.PollEvery ? left : options.Value.PollEvery, cancellationToken);
        }
    }
}
