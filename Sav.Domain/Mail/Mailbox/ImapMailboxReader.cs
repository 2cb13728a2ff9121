using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>An IMAP mailbox through MailKit, one connection kept open. Processed messages are flagged
/// (or moved to <see cref="ImapReaderOptions.ProcessedFolder"/>); between sweeps the connection IDLEs,
/// so a reply is filed seconds after it arrives.</summary>
public sealed class ImapMailboxReader(IOptions<MailboxOptions> options, ILogger<ImapMailboxReader> logger) : IMailboxReader, IAsyncDisposable, IDisposable
{
    public const string ProcessedKeyword = "$SavFiled";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ImapClient? _client;
    private IMailFolder? _folder;

    private ImapReaderOptions Settings => options.Value.Imap;

    public string Name => $"imap:{Settings.User}@{Settings.Host}/{Settings.Folder}";

    public async Task<IReadOnlyList<MailboxItem>> ListAsync(int max, CancellationToken cancellationToken) =>
        await WithFolderAsync(async folder =>
        {
            var uids = await folder.SearchAsync(SearchQuery.NotKeyword(ProcessedKeyword).And(SearchQuery.NotDeleted), cancellationToken);
            return (IReadOnlyList<MailboxItem>)uids.OrderBy(u => u.Id).Take(max).Select(u => new MailboxItem(u.ToString())).ToList();
        }, cancellationToken);

    public async Task<Stream> OpenAsync(MailboxItem item, long maxBytes, CancellationToken cancellationToken) =>
        await WithFolderAsync(async folder =>
        {
            var uid = UniqueId.Parse(item.Key);
            var count = (int)Math.Min(int.MaxValue, maxBytes + 1);
            var stream = await folder.GetStreamAsync(uid, 0, count, cancellationToken);
            // MailKit hands the literal already downloaded, in memory: read from there rather than copied again.
            if (stream.CanSeek) return stream;
            await using (stream)
            {
                var copy = new MemoryStream();
                await stream.CopyToAsync(copy, cancellationToken);
                copy.Position = 0;
                return (Stream)copy;
            }
        }, cancellationToken);

    public async Task MarkProcessedAsync(MailboxItem item, CancellationToken cancellationToken) =>
        await WithFolderAsync(async folder =>
        {
            var uid = UniqueId.Parse(item.Key);
            await folder.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen, [ProcessedKeyword]) { Silent = true },
                cancellationToken);
            if (!string.IsNullOrWhiteSpace(Settings.ProcessedFolder))
            {
                var target = await _client!.GetFolderAsync(Settings.ProcessedFolder, cancellationToken);
                await folder.MoveToAsync(uid, target, cancellationToken);
            }
            return true;
        }, cancellationToken);

    /// <summary>Messages filed together are flagged (and moved) by one command for their UID set.</summary>
    public async Task MarkProcessedAsync(IReadOnlyList<MailboxItem> items, CancellationToken cancellationToken) =>
        await WithFolderAsync(async folder =>
        {
            var uids = items.Select(i => UniqueId.Parse(i.Key)).ToList();
            if (uids.Count == 0) return true;
            await folder.StoreAsync(uids, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen, [ProcessedKeyword]) { Silent = true },
                cancellationToken);
            if (!string.IsNullOrWhiteSpace(Settings.ProcessedFolder))
            {
                var target = await _client!.GetFolderAsync(Settings.ProcessedFolder, cancellationToken);
                await folder.MoveToAsync(uids, target, cancellationToken);
            }
            return true;
        }, cancellationToken);

    public async Task WaitForNewAsync(TimeSpan max, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var folder = await OpenFolderAsync(cancellationToken);
            var client = _client!;
            if (!Settings.Idle || !client.Capabilities.HasFlag(ImapCapabilities.Idle))
            {
                _gate.Release();
                try { await Task.Delay(max < options.Value.PollEvery ? max : options.Value.PollEvery, cancellationToken); }
                finally { await _gate.WaitAsync(CancellationToken.None); }
                return;
            }
            using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            done.CancelAfter(max);
            var before = folder.Count;
            void Arrived(object? sender, EventArgs e) => done.Cancel();
            folder.CountChanged += Arrived;
            try
            {
                // A message that came between the last search and now shows in the count after a NOOP.
                await client.NoOpAsync(cancellationToken);
                if (folder.Count != before) return;
                await client.IdleAsync(done.Token, cancellationToken);
            }
            finally { folder.CountChanged -= Arrived; }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "IMAP wait failed; the connection is reopened on the next sweep");
            await ResetAsync();
        }
        finally { _gate.Release(); }
    }

    private async Task<T> WithFolderAsync<T>(Func<IMailFolder, Task<T>> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var folder = await OpenFolderAsync(cancellationToken);
            return await action(folder);
        }
        catch (Exception e) when (e is IOException or ImapProtocolException or ServiceNotConnectedException)
        {
            await ResetAsync();
            throw;
        }
        finally { _gate.Release(); }
    }

    private async Task<IMailFolder> OpenFolderAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true, IsAuthenticated: true } && _folder is { IsOpen: true }) return _folder;
        await ResetAsync();
        var client = new ImapClient();
        var security = Enum.TryParse<SecureSocketOptions>(Settings.Security, ignoreCase: true, out var parsed) ? parsed : SecureSocketOptions.Auto;
        await client.ConnectAsync(Settings.Host, Settings.Port, security, cancellationToken);
        await client.AuthenticateAsync(Settings.User, Settings.Password, cancellationToken);
        var folder = await client.GetFolderAsync(Settings.Folder, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        _client = client;
        _folder = folder;
        return folder;
    }

    private async Task ResetAsync()
    {
        var client = _client;
        _client = null;
        _folder = null;
        if (client is null) return;
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ImapProtocolException or ImapCommandException or InvalidOperationException) { }
        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        _gate.Dispose();
    }

    /// <summary>For a container disposed synchronously: the connection is dropped without a LOGOUT.</summary>
    public void Dispose()
    {
        _client?.Dispose();
        _client = null;
        _gate.Dispose();
    }
}
