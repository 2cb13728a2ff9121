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
    /// <summary>The last listing in order, with each message's size when asked; messages fetched ahead of their opening.</summary>
    private List<(UniqueId Uid, long? Size)> _listed = [];
    private readonly Dictionary<UniqueId, Stream> _ahead = [];
    /// <summary>The FETCH under way in the background, and the messages it brings.</summary>
    private (Task Task, HashSet<UniqueId> Uids) _readAhead = (Task.CompletedTask, []);
    private int _listing;

    private ImapReaderOptions Settings => options.Value.Imap;

    public string Name => $"imap:{Settings.User}@{Settings.Host}/{Settings.Folder}";

    public async Task<IReadOnlyList<MailboxItem>> ListAsync(int max, CancellationToken cancellationToken) =>
        await WithFolderAsync(async folder =>
        {
            var uids = await folder.SearchAsync(SearchQuery.NotKeyword(ProcessedKeyword).And(SearchQuery.NotDeleted), cancellationToken);
            var listed = uids.OrderBy(u => u.Id).Take(max).ToList();
            _ahead.Clear();
            _listing++;
            _listed = listed.Select(u => (u, (long?)null)).ToList();
            if (Settings.FetchTogetherBytes > 0 && listed.Count > 1)
            {
                // The sizes decide which messages are fetched together, and keep one too large out of them.
                var sizes = (await folder.FetchAsync(listed, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, cancellationToken))
                    .Where(s => s.Size is not null).ToDictionary(s => s.UniqueId, s => (long)s.Size!.Value);
                _listed = listed.Select(u => (u, sizes.TryGetValue(u, out var size) ? size : (long?)null)).ToList();
            }
            return (IReadOnlyList<MailboxItem>)listed.Select(u => new MailboxItem(u.ToString())).ToList();
        }, cancellationToken);

    public async Task<Stream> OpenAsync(MailboxItem item, long maxBytes, CancellationToken cancellationToken)
    {
        var uid = UniqueId.Parse(item.Key);
        while (true)
        {
            Task? arriving = null;
            var opened = await WithFolderAsync(async folder =>
            {
                if (_ahead.Remove(uid, out var fetched))
                {
                    ReadAhead(uid, maxBytes, cancellationToken);
                    return fetched;
                }
                if (!_readAhead.Task.IsCompleted && _readAhead.Uids.Contains(uid))
                {
                    arriving = _readAhead.Task;
                    return null;
                }
                var group = Group(uid, maxBytes);
                if (group.Count > 1)
                {
                    var streams = await FetchAsync(folder, group, maxBytes, cancellationToken);
                    foreach (var (other, stream) in streams.Where(s => s.Key != uid)) _ahead[other] = stream;
                    if (streams.TryGetValue(uid, out var mine))
                    {
                        ReadAhead(uid, maxBytes, cancellationToken);
                        return mine;
                    }
                }
                return await FetchAloneAsync(folder, uid, maxBytes, cancellationToken);
            }, cancellationToken);
            if (opened is not null) return opened;
            // The message is in the FETCH under way: taken from memory once it is there, or fetched alone if that failed.
            try { await arriving!.WaitAsync(cancellationToken); }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested) { }
        }
    }

    /// <summary>The message cut at <paramref name="maxBytes"/>: a huge one is never pulled whole into memory.</summary>
    private static async Task<Stream> FetchAloneAsync(IMailFolder folder, UniqueId uid, long maxBytes, CancellationToken cancellationToken)
    {
        var count = (int)Math.Min(int.MaxValue, maxBytes + 1);
        var stream = await folder.GetStreamAsync(uid, 0, count, cancellationToken);
        // MailKit hands the literal already downloaded, in memory: read from there rather than copied again.
        if (stream.CanSeek) return stream;
        await using (stream)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            return copy;
        }
    }

    /// <summary>The message and the next listed ones (the sweep opens them in listing order) not yet in memory, up to
    /// <see cref="ImapReaderOptions.FetchTogetherBytes"/> together. Only the message itself when its size is unknown or
    /// over <paramref name="maxBytes"/>; the group stops before such a message, which is fetched alone, cut at the limit.</summary>
    private List<UniqueId> Group(UniqueId uid, long maxBytes)
    {
        var group = new List<UniqueId> { uid };
        var at = _listed.FindIndex(l => l.Uid == uid);
        if (Settings.FetchTogetherBytes <= 0 || at < 0 || _listed[at].Size is not { } total || total > maxBytes) return group;
        for (var i = at + 1; i < _listed.Count && group.Count < 50; i++)
        {
            var (next, size) = _listed[i];
            if (size is null || size > maxBytes || total + size > Settings.FetchTogetherBytes) break;
            if (_ahead.ContainsKey(next)) continue;
            group.Add(next);
            total += size.Value;
        }
        return group;
    }

    /// <summary>Once what was fetched ahead runs low, the next group is fetched in the background while the sweep
    /// parses what it has: the connection and the parsing work at the same time, as with one message a command.</summary>
    private void ReadAhead(UniqueId opened, long maxBytes, CancellationToken cancellationToken)
    {
        if (Settings.FetchTogetherBytes <= 0 || !_readAhead.Task.IsCompleted || _ahead.Count > 1) return;
        var at = _listed.FindIndex(l => l.Uid == opened);
        if (at < 0) return;
        var next = _listed.Skip(at + 1).Select(l => l.Uid).FirstOrDefault(u => !_ahead.ContainsKey(u));
        if (!next.IsValid || _listed.Find(l => l.Uid == next).Size is not { } size || size > maxBytes) return;
        var group = Group(next, maxBytes);
        var listing = _listing;
        var fetching = Task.Run(() => WithFolderAsync(async folder =>
        {
            var streams = await FetchAsync(folder, group, maxBytes, cancellationToken);
            if (listing != _listing) return false;
            foreach (var (uid, stream) in streams) _ahead.TryAdd(uid, stream);
            return true;
        }, cancellationToken), cancellationToken);
        // Nobody may wait for it: a failure is seen by the opening that then fetches the message itself.
        _ = fetching.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        _readAhead = (fetching, group.ToHashSet());
    }

    private static async Task<Dictionary<UniqueId, Stream>> FetchAsync(IMailFolder folder, List<UniqueId> group, long maxBytes,
        CancellationToken cancellationToken)
    {
        var streams = new Dictionary<UniqueId, Stream>();
        if (folder is not ImapFolder imap) return streams;
        // MailKit disposes each stream once the callback returns: copied out as it comes, into a buffer from the shared pool.
        await imap.GetStreamsAsync(group, async (_, _, fetched, stream, token) =>
        {
            var expected = stream.CanSeek ? stream.Length - stream.Position : 64 * 1024;
            streams[fetched] = await PooledStream.ReadAsync(stream, (int)Math.Min(maxBytes + 1, Math.Max(expected, 4096)), token);
        }, cancellationToken);
        return streams;
    }

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
        _ahead.Clear();
        _listing++;
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
