using FluentValidation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Senders;
using Sav.Domain.Tickets;

namespace Sav.Tests.Support;

/// <summary>The domain's services over a test database, wired by hand so a test can see each part.</summary>
public sealed class TestServices(TestDatabase database, TimeProvider? clock = null, MailOptions? mail = null)
{
    public const string Secret = "test-secret-for-contexts-0123456789";
    public TimeProvider Clock { get; } = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    public MailOptions Mail { get; } = mail ?? new MailOptions { PickupFolder = database.SubFolder("pickup") };
    public TicketContexts Contexts { get; } = new(Secret);

    public MailComposer Composer => new(Contexts, Options.Create(Mail), Clock);

    public TicketOpener Opener => new(database, new OpenTicketValidator(), Contexts, Composer, Clock);

    public OutboxDispatcher Dispatcher(IMailSender? sender = null) =>
        new(database, sender ?? new PickupFolderSender(Options.Create(Mail)), Composer, Options.Create(Mail), Clock,
            NullLogger<OutboxDispatcher>.Instance);

    public static OpenTicket ValidRequest(string email = "marie.durand@college-pasteur.example") => new()
    {
        Email = email,
        Name = "Marie Durand",
        Subject = "Écran ne s'allume plus",
        Description = "Le voyant reste orange.",
        Customer = "Collège Pasteur",
        ProductFamily = "Écrans tactiles",
    };
}
