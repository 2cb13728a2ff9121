using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Sav.Domain.Data;

namespace Sav.Domain.Tickets;

/// <summary>
/// Ticket codes: a sequence number written in base 36, starting at <c>1000</c> so that every code
/// has at least four characters; five characters cover 60 million tickets. Short enough to read
/// over the phone; the context's control keeps them from being guessed.
/// </summary>
public static class TicketCode
{
    public const string CounterName = "ticket";
    private const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const long Offset = 36 * 36 * 36; // "1000"

    public static string FromNumber(long number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        var value = number + Offset;
        Span<char> buffer = stackalloc char[13];
        var i = buffer.Length;
        do
        {
            buffer[--i] = Digits[(int)(value % 36)];
            value /= 36;
        } while (value > 0);
        return new string(buffer[i..]);
    }

    public static bool IsWellFormed(string code) =>
        code.Length is >= 4 and <= 5 && code.All(c => c is >= '0' and <= '9' or >= 'A' and <= 'Z');

    /// <summary>Takes the next code inside the caller's transaction: the row lock serializes writers.</summary>
    public static async Task<string> NextAsync(SavDbContext db, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = """UPDATE "Counters" SET "Value" = "Value" + 1 WHERE "Name" = 'ticket' RETURNING "Value";""";
        var value = await command.ExecuteScalarAsync(cancellationToken)
            ?? throw new InvalidOperationException("The ticket counter is missing: run the migrate verb.");
        return FromNumber(Convert.ToInt64(value) - 1);
    }
}
