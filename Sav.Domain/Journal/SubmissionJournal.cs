using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sav.Domain.Documents;
using Sav.Domain.Tickets;

namespace Sav.Domain.Journal;

/// <summary>A file beside the journal: an upload kept until its ticket is written.</summary>
public sealed record JournalFile(string FileName, string MediaType, long Length, string Path)
{
    public Upload ToUpload() => new(FileName, MediaType, Length, () => File.OpenRead(Path));
}

/// <summary>One submission the database could not take when it came: an opening, with the ticket number it was given,
/// or a request on a ticket's context. <see cref="Id"/> makes its replay happen once.</summary>
public sealed record JournalEntry
{
    public string Id { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public OpenTicket? Opening { get; init; }
    public string? Actor { get; init; }
    public long Number { get; init; }
    public string? Key { get; init; }
    public IReadOnlyList<JournalFile> Files { get; init; } = [];
    public CustomerRequest? Request { get; init; }
}

/// <summary>
/// The gateway's local journal (<c>journal.log</c> in its folder): one JSON line per record, written and synced to the
/// disk before the submission is answered. Records: a block of ticket numbers reserved ahead in the database, a
/// submission, a submission replayed. A line cut by a crash while it was written (no newline at its end) was never
/// answered and is dropped when the journal is opened. Once every submission is replayed the file is rewritten with
/// the numbers left alone, so it stays small.
/// </summary>
public sealed class SubmissionJournal : IDisposable
{
    private const string FileName = "journal.log";
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Readable by an operator (accents as they are); line breaks and other controls stay escaped, one record a line.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly List<JournalEntry> _pending = [];
    private readonly List<(long Next, long End)> _numbers = [];
    private FileStream _file;

    public string Folder { get; }

    private SubmissionJournal(string folder, FileStream file)
    {
        Folder = folder;
        _file = file;
    }

    /// <summary>Opens the journal in <paramref name="folder"/> (created when missing) and reads what it holds.</summary>
    public static SubmissionJournal Open(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var journal = new SubmissionJournal(folder, file);
        journal.Load();
        return journal;
    }

    /// <summary>How many submissions wait to be replayed, and when the oldest came.</summary>
    public (int Count, DateTimeOffset? Since) Waiting
    {
        get
        {
            lock (_pending) return (_pending.Count, _pending.Count == 0 ? null : _pending[0].At);
        }
    }

    /// <summary>How many reserved ticket numbers are left to give while the database is away.</summary>
    public long NumbersLeft
    {
        get
        {
            lock (_pending) return _numbers.Sum(r => r.End - r.Next);
        }
    }

    /// <summary>The submissions waiting, oldest first.</summary>
    public IReadOnlyList<JournalEntry> Pending()
    {
        lock (_pending) return [.. _pending];
    }

    /// <summary>Keeps the numbers <c>[from, to)</c> reserved in the database for openings while it is away.</summary>
    public Task AddNumbersAsync(long from, long to) => WriteAsync(new Line { Type = "numbers", From = from, To = to });

    /// <summary>Journals an opening: its files copied beside the journal, then its record with the next reserved number,
    /// synced. The same submission again (same key) while the first waits gets the first one's entry. Null when no
    /// number is left.</summary>
    public async Task<JournalEntry?> AddOpeningAsync(OpenTicket request, string actor, string key, DateTimeOffset at,
        IReadOnlyList<Upload> files, CancellationToken cancellationToken)
    {
        lock (_pending)
        {
            if (_pending.FirstOrDefault(e => e.Key == key) is { } same) return same;
            if (_numbers.Count == 0) return null;
        }
        var id = Guid.NewGuid().ToString("N");
        var kept = await KeepFilesAsync(id, files, cancellationToken);
        await _lock.WaitAsync(CancellationToken.None);
        try
        {
            long number;
            lock (_pending)
            {
                var same = _pending.FirstOrDefault(e => e.Key == key);
                if (same is not null || _numbers.Count == 0)
                {
                    if (kept.Count > 0) Directory.Delete(Path.Combine(Folder, "files", id), recursive: true);
                    return same;
                }
                number = _numbers[0].Next;
            }
            var entry = new JournalEntry { Id = id, At = at, Opening = request, Actor = actor, Key = key, Number = number, Files = kept };
            await AppendAsync(new Line { Type = "submission", Entry = entry });
            Apply(new Line { Type = "submission", Entry = entry });
            return entry;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Journals a request on a ticket's context, synced.</summary>
    public async Task<JournalEntry> AddRequestAsync(CustomerRequest request, DateTimeOffset at)
    {
        var entry = new JournalEntry { Id = Guid.NewGuid().ToString("N"), At = at, Request = request };
        await WriteAsync(new Line { Type = "submission", Entry = entry });
        return entry;
    }

    /// <summary>Records that <paramref name="entry"/> was replayed; its files go. The last one replayed compacts the file.</summary>
    public async Task DoneAsync(JournalEntry entry)
    {
        await WriteAsync(new Line { Type = "done", Id = entry.Id });
        var files = Path.Combine(Folder, "files", entry.Id);
        if (Directory.Exists(files)) Directory.Delete(files, recursive: true);
        if (Waiting.Count == 0) await CompactAsync();
    }

    /// <summary>Keeps a submission that cannot be replayed (the database refuses it for good) in <c>failed.log</c>, with
    /// its files' paths, for an operator to read, before it is marked done.</summary>
    public async Task SetAsideAsync(JournalEntry entry, string reason)
    {
        var line = JsonSerializer.Serialize(new { reason, entry }, Json) + "\n";
        await File.AppendAllTextAsync(Path.Combine(Folder, "failed.log"), line, Encoding.UTF8);
        await DoneAsync(entry);
    }

    private async Task WriteAsync(Line line)
    {
        await _lock.WaitAsync(CancellationToken.None);
        try
        {
            await AppendAsync(line);
            Apply(line);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Appends one line and syncs it to the disk: only then is the submission answered.</summary>
    private async Task AppendAsync(Line line)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, Json);
        _file.Seek(0, SeekOrigin.End);
        await _file.WriteAsync(bytes);
        _file.WriteByte((byte)'\n');
        _file.Flush(flushToDisk: true);
    }

    private void Apply(Line line)
    {
        lock (_pending)
        {
            switch (line.Type)
            {
                case "numbers" when line.To > line.From:
                    _numbers.Add((line.From, line.To));
                    break;
                case "submission" when line.Entry is { } entry:
                    _pending.Add(entry);
                    if (entry.Opening is null) break;
                    var i = _numbers.FindIndex(r => entry.Number >= r.Next && entry.Number < r.End);
                    if (i < 0) break;
                    _numbers[i] = (entry.Number + 1, _numbers[i].End);
                    if (_numbers[i].Next == _numbers[i].End) _numbers.RemoveAt(i);
                    break;
                case "done":
                    _pending.RemoveAll(e => e.Id == line.Id);
                    break;
            }
        }
    }

    /// <summary>Reads every whole line; a last line without its newline (a crash while it was written) is cut off.</summary>
    private void Load()
    {
        _file.Seek(0, SeekOrigin.Begin);
        var bytes = new byte[_file.Length];
        _file.ReadExactly(bytes);
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end < bytes.Length)
        {
            _file.SetLength(end);
            _file.Flush(flushToDisk: true);
        }
        var start = 0;
        while (start < end)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            var line = JsonSerializer.Deserialize<Line>(bytes.AsSpan(start, newline - start), Json);
            if (line is not null) Apply(line);
            start = newline + 1;
        }
    }

    /// <summary>Rewrites the journal with what is left (the numbers not given): a new file synced, then renamed over the old.</summary>
    private async Task CompactAsync()
    {
        await _lock.WaitAsync(CancellationToken.None);
        try
        {
            List<(long Next, long End)> numbers;
            lock (_pending)
            {
                if (_pending.Count > 0) return;
                numbers = [.. _numbers];
            }
            var path = Path.Combine(Folder, FileName);
            var fresh = path + ".new";
            await using (var file = new FileStream(fresh, FileMode.Create, FileAccess.Write))
            {
                foreach (var (next, end) in numbers)
                {
                    await file.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new Line { Type = "numbers", From = next, To = end }, Json));
                    file.WriteByte((byte)'\n');
                }
                file.Flush(flushToDisk: true);
            }
            await _file.DisposeAsync();
            File.Move(fresh, path, overwrite: true);
            _file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<IReadOnlyList<JournalFile>> KeepFilesAsync(string id, IReadOnlyList<Upload> files, CancellationToken cancellationToken)
    {
        if (files.Count == 0) return [];
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "files", id)).FullName;
        var kept = new List<JournalFile>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var path = Path.Combine(folder, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await using (var source = files[i].OpenRead())
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                await source.CopyToAsync(target, cancellationToken);
                target.Flush(flushToDisk: true);
            }
            kept.Add(new JournalFile(files[i].FileName, files[i].MediaType, files[i].Length, path));
        }
        return kept;
    }

    public void Dispose()
    {
        _file.Dispose();
        _lock.Dispose();
    }

    /// <summary>One line of the journal.</summary>
    private sealed record Line
    {
        public string Type { get; init; } = "";
        public long From { get; init; }
        public long To { get; init; }
        public JournalEntry? Entry { get; init; }
        public string? Id { get; init; }
    }
}
