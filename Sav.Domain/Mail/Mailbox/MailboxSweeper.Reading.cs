using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>How the sweep reads a message: into a pooled buffer, parsed within its time budget, classified and matched
/// to its ticket.</summary>
public sealed partial class MailboxSweeper
{
    /// <summary>Reads, parses and matches a message; returns what remains to do: record it, file it, or only mark it.
    /// Whatever reading, parsing, classifying or matching this message throws that is not the outside's failure
    /// (<see cref="SweepFailure"/>) is this message's alone: it is then set aside.</summary>
    private async Task<Prepared> PrepareAsync(MailboxItem item, SweepPass pass, CancellationToken ct)
    {
        try { return await PrepareReadAsync(item, pass, ct); }
        catch (Exception e) when (!SweepFailure.IsOutside(e))
        {
            var reason = SweepFailure.Reason("lecture", e);
            return new Prepared(item, token => QuarantineAsync(item, reason, e, token));
        }
    }

    private async Task<Prepared> PrepareReadAsync(MailboxItem item, SweepPass pass, CancellationToken ct)
    {
        byte[] raw;
        int length;
        try { (raw, length) = await ReadAsync(item, options.Value.MaxMessageBytes, ct); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Another sweeper (a second gateway) took the file first: it is its to record.
            return new Prepared(item, _ => Task.FromResult(SweepResult.AlreadySeen));
        }
        // The message is read into a pooled buffer, given back once nothing reads it: what is kept raw gets an exact
        // copy, what is filed gives it back once its attachments (decoded from it) are stored. Reading that ran out of
        // time may still be at work on it: that buffer, and any after a failure, is left to the garbage collector.
        var release = true;
        try
        {
            var prepared = await PrepareAsync(item, raw, length, pass, () => release = false, ct);
            if (prepared.Filing is not { } filing || !release) return prepared;
            release = false;
            var given = 0;
            return prepared with
            {
                Filing = filing with { Release = () => { if (Interlocked.Exchange(ref given, 1) == 0) ArrayPool<byte>.Shared.Return(raw); } },
            };
        }
        catch
        {
            release = false;
            throw;
        }
        finally
        {
            if (release) ArrayPool<byte>.Shared.Return(raw);
        }
    }

    private async Task<Prepared> PrepareAsync(MailboxItem item, byte[] raw, int length, SweepPass pass, Action abandoned, CancellationToken ct)
    {
        var settings = options.Value;
        var row = new InboundMail { Mailbox = MailFiler.Truncate(reader.Name, 254), ReceivedAt = clock.GetUtcNow() };

        if (length > settings.MaxMessageBytes)
        {
            var headers = HeadersOf(raw, length);
            row.MessageId = IdFromHeaders(headers) ?? Synthetic(raw.AsSpan(0, length));
            Describe(row, headers?[HeaderId.From], headers?[HeaderId.Subject]);
            row.Error = $"Message over Mailbox:MaxMessageBytes ({settings.MaxMessageBytes} bytes): not read.";
            return new Prepared(item, token => RecordAsync(item, row, InboundOutcome.Rejected, null, SweepResult.Rejected, token));
        }

        MimeMessage message;
        try { message = await WithinBudgetAsync(token => InboundParser.Load(raw, length, token), ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (e is TimeoutException) abandoned();
            row.MessageId = Synthetic(raw.AsSpan(0, length));
            row.Error = Unreadable(e);
            var kept = raw.AsSpan(0, length).ToArray();
            return new Prepared(item, token => RecordAsync(item, row, InboundOutcome.Rejected, kept, SweepResult.Rejected, token));
        }

        row.MessageId = InboundParser.MessageIdOf(message, raw.AsSpan(0, length));
        Describe(row, message.From.ToString(), message.Subject);
        if (await pass.Lookups.SeenAsync(row.MessageId, ct))
        {
            return new Prepared(item, async token =>
            {
                await reader.MarkProcessedAsync(item, token);
                return SweepResult.AlreadySeen;
            });
        }
        if (Classify(message, pass.Own) is ({ } reason, var verdict))
        {
            row.Error = reason;
            var bounce = verdict?.Kind == MachineMail.MachineKind.DeliveryFailure ? MachineMail.BounceReader.Read(message) : null;
            IReadOnlyList<string> answered = [.. new[] { message.InReplyTo }.Concat(message.References).OfType<string>().Take(20)];
            var subject = message.Subject;
            if (bounce is not null)
            {
                row.BounceRecipient = bounce.Recipient is { } named ? MailFiler.Truncate(named, 254) : null;
                row.BounceReason = MailFiler.Truncate(bounce.Reason, 500);
            }
            return new Prepared(item, token => RecordAsync(item, row, InboundOutcome.IgnoredAutoReply, null, SweepResult.Ignored, token,
                bounce is null ? null : db => MachineMail.BounceLinker.LinkAsync(db, matcher, bounce, answered, subject, clock.GetUtcNow(), token)));
        }

        ParsedMail parsed;
        try { parsed = await WithinBudgetAsync(token => InboundParser.Read(message, row.MessageId, documents.Value.MaxBytes, token), ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (e is TimeoutException) abandoned();
            row.Error = Unreadable(e);
            var kept = raw.AsSpan(0, length).ToArray();
            return new Prepared(item, token => RecordAsync(item, row, InboundOutcome.Rejected, kept, SweepResult.Rejected, token));
        }

        var ticketId = await pass.Lookups.MatchAsync(matcher, parsed.Subject, parsed.References, pass.Tickets, ct);
        if (ticketId is null)
        {
            var kept = raw.AsSpan(0, length).ToArray();
            return new Prepared(item, token => RecordAsync(item, row, InboundOutcome.Unmatched, kept, SweepResult.Unmatched, token));
        }

        return new Prepared(item, null, new Filing(item, row, parsed, ticketId.Value, length));
    }

    /// <summary>The message in a buffer from the shared pool, up to one byte more than <paramref name="max"/>.</summary>
    private async Task<(byte[] Raw, int Length)> ReadAsync(MailboxItem item, long max, CancellationToken ct)
    {
        await using var stream = await reader.OpenAsync(item, max, ct);
        var limit = (int)Math.Min(int.MaxValue - 1, max + 1);
        // A message the reader already holds in a pooled buffer (IMAP) is taken as it is, not copied again.
        if (stream is PooledStream pooled && pooled.Detach() is { } held) return (held.Buffer, Math.Min(held.Length, limit));
        var pool = ArrayPool<byte>.Shared;
        // One byte more than a seekable stream holds: the read that returns nothing then needs no larger buffer.
        var buffer = pool.Rent(stream.CanSeek ? (int)Math.Min(limit, stream.Length - stream.Position + 1) : Math.Min(limit, 1 << 20));
        var length = 0;
        try
        {
            while (length < limit)
            {
                if (length == buffer.Length)
                {
                    var larger = pool.Rent((int)Math.Min(limit, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), ct);
                if (read == 0) break;
                length += read;
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
        return (buffer, length);
    }

    private async Task<T> WithinBudgetAsync<T>(Func<CancellationToken, T> work, CancellationToken ct)
    {
        var budget = options.Value.MessageBudget;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cancel.CancelAfter(budget);
        try
        {
            // The work checks the token as it goes; WaitAsync stops waiting even if some call never does. The token's
            // timer can fire late when the thread pool is busy: work that ends after its budget is over budget all the same.
            return await Task.Run(() =>
            {
                var started = Stopwatch.GetTimestamp();
                var result = work(cancel.Token);
                if (Stopwatch.GetElapsedTime(started) > budget) throw new OperationCanceledException(cancel.Token);
                return result;
            }, cancel.Token).WaitAsync(budget + TimeSpan.FromSeconds(1), ct);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Reading the message took longer than Mailbox:MessageBudget ({budget}).", e);
        }
    }

    private async Task<bool> SeenAsync(string messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.InboundMails.AnyAsync(m => m.MessageId == messageId, ct);
    }

    private async Task<IReadOnlySet<string>> OwnAddressesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var brands = await db.Brands.Select(b => new { b.SenderAddress, b.ReplyTo }).ToListAsync(ct);
        var own = new HashSet<string>(options.Value.OwnAddresses, StringComparer.OrdinalIgnoreCase);
        foreach (var brand in brands)
        {
            foreach (var text in new[] { brand.SenderAddress, brand.ReplyTo })
            {
                if (!string.IsNullOrWhiteSpace(text) && MailboxAddress.TryParse(text, out var address)) own.Add(address.Address);
            }
        }
        return own;
    }

    private static HeaderList? HeadersOf(byte[] raw, int length)
    {
        try { return HeaderList.Load(InboundParser.Options, new MemoryStream(raw, 0, length, writable: false)); }
        catch (Exception e) when (!SweepFailure.IsOutside(e)) { return null; }
    }

    private static string? IdFromHeaders(HeaderList? headers) =>
        headers?[HeaderId.MessageId]?.Trim().Trim('<', '>').Trim() is { Length: > 0 and <= 900 } id ? id : null;

    private static string Synthetic(ReadOnlySpan<byte> raw) => $"{Convert.ToHexStringLower(SHA256.HashData(raw))}@synthetic.sav";

    private static void Describe(InboundMail row, string? from, string? subject)
    {
        row.From = from is null ? null : MailFiler.Truncate(from, 998);
        row.Subject = subject is null ? null : MailFiler.Truncate(subject, 998);
    }

    private static string Unreadable(Exception e) => $"Unreadable message: {e.GetType().Name}: {e.Message}";
}
