namespace Sav.Domain.Mail.Mailbox;

/// <summary>Messages whose files are stored, recorded together in one transaction and then marked processed. A full batch
/// is recorded behind, while the next messages are filed: one batch at a time, in mailbox order.</summary>
internal sealed class StoredBatches(int size, Func<List<(MailboxItem Item, StoredMail Mail)>, CancellationToken, Task> record)
{
    private List<(MailboxItem Item, StoredMail Mail)> _stored = [];
    private Task _recording = Task.CompletedTask;

    /// <summary>Adds a stored message; a full batch starts recording once the one before it is recorded.</summary>
    public async Task AddAsync(MailboxItem item, StoredMail mail, CancellationToken ct)
    {
        _stored.Add((item, mail));
        if (_stored.Count < size) return;
        await _recording;
        var batch = Take();
        _recording = Task.Run(() => record(batch, ct), ct);
    }

    /// <summary>Records what is stored now, after the batch being recorded.</summary>
    public async Task RecordNowAsync(CancellationToken ct)
    {
        await _recording;
        await record(Take(), ct);
    }

    /// <summary>After a failure: what was stored is recorded still, so that its files are not orphans. A batch whose
    /// recording failed is the failure itself; the one still being recorded is waited for.</summary>
    public async Task SalvageAsync()
    {
        if (_stored.Count == 0 && _recording.IsCompleted) return;
        if (!_recording.IsFaulted) await _recording;
        await record(Take(), CancellationToken.None);
    }

    private List<(MailboxItem Item, StoredMail Mail)> Take()
    {
        var batch = _stored;
        _stored = [];
        return batch;
    }
}
