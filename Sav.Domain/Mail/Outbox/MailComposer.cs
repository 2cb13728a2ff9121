using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sav.Domain.Brands;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Mail.Templates;
using Sav.Domain.Tickets;

namespace Sav.Domain.Mail.Outbox;

/// <summary>Turns a ticket event into an outbox row, rendered now, in the caller's unit of work.</summary>
public sealed class MailComposer(TicketContexts contexts, IOptions<MailOptions> options, TimeProvider clock, IOptions<SavOptions>? sav = null)
{
    private readonly TimeZoneInfo _zone = Reports.TeamTime.ZoneOf(sav?.Value.TimeZone);

    /// <summary>Adds the mail to <paramref name="db"/>; the caller's SaveChanges writes it with the change.
    /// The ticket needs its Status, Brand and Contact loaded.</summary>
    public OutboxMessage Enqueue(SavDbContext db, Ticket ticket, MailTemplate template, string? message = null,
        IReadOnlyList<PublicMessage>? history = null)
    {
        var brand = ticket.Brand ?? db.Brands.Local.FirstOrDefault(b => b.IsDefault) ?? db.Brands.FirstOrDefault(b => b.IsDefault);
        var outbox = Compose(ticket, brand, template, message,
            history ?? (template == MailTemplate.Status ? LatestPublicMessages(db, ticket) : []));
        // Through the navigation, so that a ticket being created gets its id first.
        outbox.Ticket = ticket;
        db.OutboxMessages.Add(outbox);
        return outbox;
    }

    /// <summary>The rendered mail, not yet attached to any unit of work. The ticket needs its Status and
    /// Contact; <paramref name="brand"/> is the one the mail wears (the default brand when the ticket has none).</summary>
    public OutboxMessage Compose(Ticket ticket, Brand? brand, MailTemplate template, string? message,
        IReadOnlyList<PublicMessage> history) =>
        Compose(ticket, brand, template, message, history, contexts.For(ticket.Code));

    /// <summary>The mail of a ticket that has no code yet (it gets one when written): its envelope and subject are
    /// made now, outside any lock, with stand-ins that <see cref="OutboxDraft.For"/> replaces by the code and its
    /// control; its body is left to <see cref="RenderAsync"/>, when the mail is sent. A ticket's opening then
    /// writes a short row: writing the rendered body (a few kilobytes of HTML) took about a quarter of the CPU an
    /// opening costs the domain (bench/README.md), while mails leave at the provider's pace anyway.</summary>
    public OutboxDraft Draft(Ticket ticket, Brand? brand, MailTemplate template) =>
        new(Envelope(ticket, brand, template, OutboxDraft.StandIn.ToString()));

    /// <summary>Whether the row's body is still to be rendered (see <see cref="Draft"/>).</summary>
    public static bool AwaitsBody(OutboxMessage row) => row.Html.Length == 0 && row.Text.Length == 0;

    /// <summary>Renders the body of a row made by <see cref="Draft"/>, from its ticket as it is now (its status, its
    /// brand's colours and links); the envelope and subject stay as they were queued. Does nothing to a rendered row.</summary>
    /// <exception cref="InvalidOperationException">when the row has no ticket, or its template is unknown.</exception>
    public async Task RenderAsync(SavDbContext db, OutboxMessage row, CancellationToken cancellationToken = default)
    {
        if (!AwaitsBody(row)) return;
        if (!Enum.TryParse<MailTemplate>(row.Template, out var template))
            throw new InvalidOperationException($"The mail {row.Id} names an unknown template ({row.Template}).");
        var ticket = await db.Tickets.Include(t => t.Status).Include(t => t.Brand).Include(t => t.Contact)
            .Include(t => t.ProductFamily).Include(t => t.Product)
            .SingleOrDefaultAsync(t => t.Id == row.TicketId, cancellationToken)
            ?? throw new InvalidOperationException($"The mail {row.Id} has no ticket to render its body from.");
        var brand = ticket.Brand ?? await db.Brands.FirstOrDefaultAsync(b => b.IsDefault, cancellationToken);
        var rendered = MailRenderer.Render(template, Model(ticket, brand, message: null, history: [], contexts.For(ticket.Code).ToString()));
        row.Html = rendered.Html;
        row.Text = rendered.Text;
    }

    private OutboxMessage Compose(Ticket ticket, Brand? brand, MailTemplate template, string? message,
        IReadOnlyList<PublicMessage> history, TicketContext ticketContext)
    {
        var context = ticketContext.ToString();
        var outbox = Envelope(ticket, brand, template, context);
        var rendered = MailRenderer.Render(template, Model(ticket, brand, message, history, context) with
        {
            Ratings = template == MailTemplate.ClosingConfirmation && ticket.ClosedAt is { } closedAt
                ? Satisfaction.Survey.Links(contexts, options.Value.PublicFormsUrl, ticket.Code, closedAt)
                    .Select(r => (Satisfaction.Ratings.Label(r.Rating, ticket.Language), r.Url)).ToList()
                : [],
        });
        outbox.Subject = rendered.Subject;
        outbox.Html = rendered.Html;
        outbox.Text = rendered.Text;
        return outbox;
    }

    private MailModel Model(Ticket ticket, Brand? brand, string? message, IReadOnlyList<PublicMessage> history, string context)
    {
        var contact = ticket.Contact ?? throw new InvalidOperationException($"Ticket {ticket.Code} has no contact to write to.");
        return new MailModel
        {
            Language = ticket.Language,
            Context = context,
            TicketSubject = ticket.Subject,
            CustomerName = contact.Name,
            BrandName = brand?.Name ?? "Sav",
            BannerUrl = brand?.BannerUrl,
            PrimaryColor = brand?.PrimaryColor ?? "#1f4e79",
            AccentColor = brand?.AccentColor ?? "#f0a500",
            StatusLabel = ticket.Status.ForCustomer(ticket.Language),
            Message = message,
            History = history,
            Links = Links(brand, context),
            TimeZone = _zone,
            Product = ProductLine(ticket),
        };
    }

    /// <summary>« Écrans tactiles — Écran tactile 55" », in the ticket's language, as the customer named it when the catalogue
    /// did not know it; null when the ticket's family and product were not loaded or not given.</summary>
    private static string? ProductLine(Ticket ticket)
    {
        var family = ticket.ProductFamily?.NameIn(ticket.Language) ?? ticket.ProductFamilyText;
        var product = ticket.Product?.NameIn(ticket.Language) ?? ticket.ProductText;
        var parts = new[] { family, product }.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return parts.Count == 0 ? null : string.Join(" — ", parts);
    }

    /// <summary>The row without its body: addresses, Message-ID, subject, state.</summary>
    private OutboxMessage Envelope(Ticket ticket, Brand? brand, MailTemplate template, string context)
    {
        var contact = ticket.Contact ?? throw new InvalidOperationException($"Ticket {ticket.Code} has no contact to write to.");
        var now = clock.GetUtcNow();
        var from = Sender(brand, options.Value.MessageIdDomain);
        return new OutboxMessage
        {
            Template = template.ToString(),
            Recipient = MailRenderer.HeaderText(contact.Email),
            RecipientName = MailRenderer.HeaderText(contact.Name),
            FromName = from.Name,
            FromAddress = from.Address,
            ReplyTo = string.IsNullOrWhiteSpace(brand?.ReplyTo) ? null : MailRenderer.HeaderText(brand.ReplyTo),
            // Time-ordered (74 bits still random): each new id lands at the end of the unique index, not on a random page.
            MessageId = $"{Guid.CreateVersion7(now):N}@{options.Value.MessageIdDomain}",
            Subject = MailRenderer.Subject(context, ticket.Subject),
            State = OutboxState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    public const int HistoryLength = 5;

    /// <summary>The last messages the customer can see (internal notes stay inside), oldest first.</summary>
    public static IReadOnlyList<PublicMessage> LatestPublicMessages(SavDbContext db, Ticket ticket)
    {
        if (ticket.Id == 0) return [];
        var latest = db.ConversationEntries
            .Where(e => e.TicketId == ticket.Id && e.Direction != Direction.InternalNote)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(HistoryLength)
            .Select(e => new PublicMessage(e.At, e.Direction == Direction.FromCustomer, e.Author, e.Text))
            .ToList();
        latest.Reverse();
        return latest;
    }

    /// <summary>Who Sav's mails are from: the brand's sender, else its name and sav@ the Message-ID domain.</summary>
    public static (string Name, string Address) Sender(Brand? brand, string domain) =>
        (MailRenderer.HeaderText(Or(brand?.SenderName, brand?.Name ?? "Sav")), MailRenderer.HeaderText(Or(brand?.SenderAddress, "sav@" + domain)));

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;

    public IReadOnlyDictionary<ButtonKind, string> Links(Brand? brand, string context)
    {
        var escaped = Uri.EscapeDataString(context);
        var forms = options.Value.PublicFormsUrl.TrimEnd('/');
        string Link(string? configured, string kind) =>
            string.IsNullOrWhiteSpace(configured) ? $"{forms}/f/{kind}?c={escaped}" : configured.Replace("{context}", escaped);
        return new Dictionary<ButtonKind, string>
        {
            [ButtonKind.Status] = Link(brand?.StatusLink, "status"),
            [ButtonKind.Close] = Link(brand?.CloseLink, "close"),
            [ButtonKind.Reopen] = Link(brand?.ReopenLink, "reopen"),
            [ButtonKind.Answer] = Link(brand?.AnswerLink, "answer"),
        };
    }
}

/// <summary>A mail waiting for its ticket's code (and, when sent, for its body). The stand-ins are letters and digits, which HTML
/// encoding, header cleaning and URL escaping leave as they are, drawn at random for each process so that no
/// customer can type them.</summary>
public sealed class OutboxDraft(OutboxMessage message)
{
    internal static readonly TicketContext StandIn = new($"code{Guid.NewGuid():N}", $"control{Guid.NewGuid():N}");

    /// <summary>The mail for the ticket of <paramref name="context"/>; call it once.</summary>
    public OutboxMessage For(TicketContext context)
    {
        message.Subject = Fill(message.Subject, context);
        message.Html = Fill(message.Html, context);
        message.Text = Fill(message.Text, context);
        return message;
    }

    private static string Fill(string text, TicketContext context) =>
        text.Replace(StandIn.Code, context.Code, StringComparison.Ordinal).Replace(StandIn.Control, context.Control, StringComparison.Ordinal);
}
