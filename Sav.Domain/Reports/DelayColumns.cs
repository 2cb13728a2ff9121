using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sav.Domain.Tickets;

namespace Sav.Domain.Reports;

/// <summary>
/// What « Délais » reads of each ticket, worked out by the database (generated columns, so nothing in Sav keeps them up to
/// date) and kept with the groups in the index the reports share, IX_Tickets_Opened: the delays to the first answer and to
/// the closing in whole seconds, and the warranty and channel as one number. Worked out from the instants and the enums'
/// texts at each report, SQLite spent 1.1 µs a ticket (a sum over 480,000 tickets: 530 ms; from these columns 280 ms).
/// SQLite keeps them virtual (a stored column cannot be added to a table; the index holds their values, which SQLite
/// 3.53 reads from it: 280 ms against 230 stored), PostgreSQL stored.
/// </summary>
internal static class DelayColumns
{
    public const string Answer = "AnswerSeconds", Close = "CloseSeconds", Kinds = "WarrantyChannel", Targets = "TargetOutcome";

    /// <summary>What <see cref="Targets"/> says of a line of a ticket's response target: none (no target, or a first answer
    /// never given to a ticket closed), met, missed, or still to do on an open ticket (its deadline is read then).</summary>
    public enum Outcome { None = 0, Met = 1, Missed = 2, Pending = 3 }

    /// <summary>The first answer's outcome, then the closing's, from <see cref="Targets"/>.</summary>
    public static (Outcome Answer, Outcome Close) Outcomes(int targets) => ((Outcome)(targets / 4), (Outcome)(targets % 4));

    /// <summary>A warranty or channel the enum does not have (a value written by a later version).</summary>
    public const int Unknown = 15;

    public static void Map(EntityTypeBuilder<Ticket> b, bool sqlite)
    {
        b.Property<long?>(Answer).HasComputedColumnSql(Delay(nameof(Ticket.FirstAnsweredAt), sqlite), stored: !sqlite);
        b.Property<long?>(Close).HasComputedColumnSql(Delay(nameof(Ticket.ClosedAt), sqlite), stored: !sqlite);
        b.Property<int>(Kinds).HasComputedColumnSql(
            $"{Code<Warranty>(nameof(Ticket.Warranty))} * 16 + {Code<Channel>(nameof(Ticket.Channel))}", stored: !sqlite);
        // « Délais cibles » reads the outcomes from the index too: a year at a million tickets took 1.4 s reading each
        // ticket's instants from the table (bench/ReportsBench). Both providers compare their instants in order (SQLite's
        // numbers are UTC ticks, see below).
        b.Property<int>(Targets).HasComputedColumnSql(
            $"{OutcomeOf(nameof(Ticket.AnswerDueAt), nameof(Ticket.FirstAnsweredAt))} * 4 + {OutcomeOf(nameof(Ticket.CloseDueAt), nameof(Ticket.ClosedAt))}",
            stored: !sqlite);
        // Reports read the tickets opened in a period from this index alone, never from the table: « Délais » a year at a
        // million tickets took 3.7 s reading each ticket's row through an index on CreatedAt alone (bench/ReportsBench).
        b.HasIndex(nameof(Ticket.CreatedAt), nameof(Ticket.ProductFamilyId), nameof(Ticket.ProductId), nameof(Ticket.ClientId),
            nameof(Ticket.BrandId), nameof(Ticket.AnalystId), nameof(Ticket.Warranty), Kinds, Answer, Close, Targets).HasDatabaseName("IX_Tickets_Opened");
    }

    public static (int Warranty, int Channel) Decode(long kinds) => (Value((int)kinds / 16), Value((int)kinds % 16));

    private static int Value(int code) => code == Unknown ? -1 : code;

    /// <summary>SQLite keeps instants as <see cref="Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter"/>
    /// numbers, always in UTC (see <see cref="TimeSlots"/>): ticks / 1000 above the low 11 bits. PostgreSQL: date_part's
    /// double rather than extract's numeric.</summary>
    private static string Delay(string column, bool sqlite) => sqlite
        ? $"((\"{column}\" >> 11) - (\"CreatedAt\" >> 11)) / 10000"
        : $"CAST(floor(date_part('epoch', \"{column}\" - \"CreatedAt\")) AS bigint)";

    /// <summary>The <see cref="Outcome"/> of a line: its deadline against when it was done.</summary>
    private static string OutcomeOf(string due, string done) =>
        $"CASE WHEN \"{due}\" IS NULL THEN 0 WHEN \"{done}\" IS NULL THEN CASE WHEN \"ClosedAt\" IS NULL THEN 3 ELSE 0 END " +
        $"WHEN \"{done}\" <= \"{due}\" THEN 1 ELSE 2 END";

    /// <summary>An enum's text as its value, <see cref="Unknown"/> for a text it lacks.</summary>
    private static string Code<TEnum>(string column) where TEnum : struct, Enum =>
        $"CASE \"{column}\"{string.Concat(Enum.GetNames<TEnum>().Select((n, i) => $" WHEN '{n}' THEN {i}"))} ELSE {Unknown} END";
}
