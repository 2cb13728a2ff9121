using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Sav.Domain.Data;

namespace Sav.Domain.Tickets;

/// <summary>
/// Ticket codes: a sequence number written in Crockford's base 32 (no I, L, O nor U, so that a code read over the phone
/// cannot be misheard: « 1040 » is never « 104O »), starting at <c>A000</c>; four characters cover 720,000 tickets,
/// five 33 million more. Codes given before this alphabet (base 36, from <c>1000</c>) stay valid: a new code read in
/// base 36 is at least <c>A000</c>, the 419,904th old code, so the two never meet while fewer old codes were given.
/// What a person types is understood with the look-alikes read the Crockford way (<c>1O4O</c> is <c>1040</c>).
/// </summary>
public static class TicketCode
{
    public const string CounterName = "ticket";
    private const string Digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const long Offset = 10 * 32 * 32 * 32; // "A000"

    public static string FromNumber(long number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        var value = number + Offset;
        Span<char> buffer = stackalloc char[13];
        var i = buffer.Length;
        do
        {
            buffer[--i] = Digits[(int)(value % 32)];
            value /= 32;
        } while (value > 0);
        return new string(buffer[i..]);
    }

    /// <summary>Old codes (base 36) and new ones alike.</summary>
    public static bool IsWellFormed(string code) =>
        code.Length is >= 4 and <= 5 && code.All(c => c is >= '0' and <= '9' or >= 'A' and <= 'Z');

    /// <summary>The codes a person may have meant by <paramref name="typed"/>: as typed (an old code may hold an O or an
    /// I), then with the look-alikes read the Crockford way (O as 0, I and L as 1). Empty when it cannot be a code.</summary>
    public static IReadOnlyList<string> Candidates(string? typed)
    {
        var code = typed?.Trim().ToUpperInvariant();
        if (code is null || !IsWellFormed(code)) return [];
        var read = string.Create(code.Length, code, (chars, text) =>
        {
            for (var i = 0; i < text.Length; i++) chars[i] = text[i] switch { 'O' => '0', 'I' or 'L' => '1', var c => c };
        });
        return read == code ? [code] : [code, read];
    }

    /// <summary>Reserves <paramref name="count"/> numbers at once, for a gateway to give while the database is away:
    /// the numbers <c>[From, To)</c>, which no other opening takes.</summary>
    public static async Task<(long From, long To)> ReserveAsync(SavDbContext db, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var next = await AdvanceAsync(db, count, cancellationToken);
        return (next - count, next);
    }

    /// <summary>Takes the next code inside the caller's transaction: the row lock serializes writers.</summary>
    public static async Task<string> NextAsync(SavDbContext db, CancellationToken cancellationToken = default) =>
        FromNumber(await AdvanceAsync(db, 1, cancellationToken) - 1);

    /// <summary>Moves the counter on by <paramref name="count"/> (in the caller's transaction, if any) and returns the
    /// next number it will give.</summary>
    private static async Task<long> AdvanceAsync(SavDbContext db, int count, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"""UPDATE "Counters" SET "Value" = "Value" + {count} WHERE "Name" = 'ticket' RETURNING "Value";""";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)
            ?? throw new InvalidOperationException("The ticket counter is missing: run the migrate verb."));
    }
}
