using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sav.Domain.Brands;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Templates;
using Sav.Domain.Tickets;

namespace Sav.Domain.Sms;

/// <summary>Writes the text messages a ticket's events call for, when SMS are on (<c>Sms:Sender</c>), the ticket's brand
/// enables them and its contact gave a French mobile number that did not opt out. Openings are found after the fact
/// (<see cref="PlanOpeningsAsync"/>), so that taking a submission costs nothing more; a question's message is written
/// with the question.</summary>
public sealed class SmsNotices(IOptions<SmsOptions> options, MailComposer composer, TicketContexts contexts, TimeProvider clock)
{
    /// <summary>The counter holding the last ticket whose opening was considered.</summary>
    public const string OpeningsCounter = "sms-openings";

    public bool Enabled => options.Value.Sender != SmsSenderKind.None;

    /// <summary>Adds the question's message to <paramref name="db"/> (the ticket with its Brand and Contact), if it calls for one.</summary>
    public async Task QuestionAsync(SavDbContext db, Ticket ticket, CancellationToken cancellationToken)
    {
        if (!Enabled) return;
        var brand = ticket.Brand ?? await db.Brands.FirstOrDefaultAsync(b => b.IsDefault, cancellationToken);
        if (await RecipientAsync(db, brand, ticket.Contact?.Phone, cancellationToken) is { } to)
            db.SmsOutbox.Add(Message(ticket, brand!, SmsKind.Question, to));
    }

    /// <summary>Writes the opening messages of the tickets opened since the last call (at most <paramref name="batch"/>);
    /// the first call only notes where the tickets stand: SMS switched on do not text the whole history.</summary>
    /// <returns>How many messages were written.</returns>
    public async Task<int> PlanOpeningsAsync(SavDbContext db, int batch = 500, CancellationToken cancellationToken = default)
    {
        if (!Enabled) return 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var counter = await db.Counters.SingleOrDefaultAsync(c => c.Name == OpeningsCounter, cancellationToken);
        if (counter is null)
        {
            var last = await db.Tickets.MaxAsync(t => (int?)t.Id, cancellationToken) ?? 0;
            db.Counters.Add(new Counter { Name = OpeningsCounter, Value = last });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }
        var after = (int)counter.Value;
        var tickets = await db.Tickets.Include(t => t.Brand).Include(t => t.Contact)
            .Where(t => t.Id > after).OrderBy(t => t.Id).Take(batch).ToListAsync(cancellationToken);
        if (tickets.Count == 0) return 0;
        var defaultBrand = await db.Brands.FirstOrDefaultAsync(b => b.IsDefault, cancellationToken);
        var written = 0;
        foreach (var ticket in tickets)
        {
            var brand = ticket.Brand ?? defaultBrand;
            if (await RecipientAsync(db, brand, ticket.Contact?.Phone, cancellationToken) is not { } to) continue;
            db.SmsOutbox.Add(Message(ticket, brand!, SmsKind.Opening, to));
            written++;
        }
        counter.Value = tickets[^1].Id;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private static async Task<string?> RecipientAsync(SavDbContext db, Brand? brand, string? phone, CancellationToken cancellationToken)
    {
        if (brand is not { SmsEnabled: true } || PhoneNumbers.FrenchMobile(phone) is not { } to) return null;
        return await db.SmsOptOuts.AnyAsync(o => o.Number == to, cancellationToken) ? null : to;
    }

    private SmsOutboxMessage Message(Ticket ticket, Brand brand, SmsKind kind, string to)
    {
        var now = clock.GetUtcNow();
        var links = composer.Links(brand, contexts.For(ticket.Code).ToString());
        var link = links[kind == SmsKind.Question ? ButtonKind.Answer : ButtonKind.Status];
        return new SmsOutboxMessage
        {
            Ticket = ticket, Kind = kind, Recipient = to, Text = SmsTexts.For(kind, ticket.Language, brand.Name, ticket.Code, link),
            State = SmsState.Pending, CreatedAt = now, NextAttemptAt = now,
        };
    }
}

/// <summary>The words of the messages: short (one SMS of 160 characters when the brand's name is), in the ticket's
/// language, the code and one link. OVH adds the « STOP » clause itself.</summary>
public static class SmsTexts
{
    public static string For(SmsKind kind, string language, string brand, string code, string link) => (kind, language) switch
    {
        (SmsKind.Opening, "en") => $"{brand}: your request {code} is registered. Follow it: {link}",
        (SmsKind.Question, "en") => $"{brand}: we have a question about your request {code}. Answer: {link}",
        (SmsKind.Opening, _) => $"{brand} : votre demande {code} est enregistrée. Suivi : {link}",
        (SmsKind.Question, _) => $"{brand} : nous avons une question sur votre demande {code}. Répondre : {link}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
