using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Senders;
using Sav.Tests.Servers;
using Sav.Tests.Support;
using static Sav.Tests.Domain.Mail.Outbox.OutboxTestKit;

namespace Sav.Tests.Domain.Mail.Senders;

public class SmtpMailSenderTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    private static MailOptions Settings(SmtpTestServer server, string? user = null, string? password = null) => new()
    {
        Sender = SenderKind.Smtp,
        Smtp = new SmtpOptions
        {
            Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None, User = user, Password = password,
            Timeout = TimeSpan.FromSeconds(10),
        },
    };

    [Fact]
    public async Task An_opening_confirmation_reaches_the_smtp_server_as_a_branded_french_mail_with_text_and_html()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Brands.Add(MailTestData.Distributor());
            await db.SaveChangesAsync();
        }
        var services = new TestServices(database, _clock);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest() with { Brand = "Lumeo" }, "form");
        var settings = Settings(server);

        Assert.Equal(1, await Dispatcher(database, new SmtpMailSender(Options.Create(settings)), settings, _clock).DispatchAsync());

        var received = Assert.Single(server.Received);
        Assert.Equal("sav@lumeo.example", received.From);
        Assert.Equal(["marie.durand@college-pasteur.example"], received.To);
        var row = (await RowsAsync(database)).Single();
        Assert.Equal(OutboxState.Sent, row.State);
        Assert.Contains("queued as Q0001", row.ProviderId);

        var mail = await MimeMessage.LoadAsync(new MemoryStream(received.Raw));
        Assert.Equal($"Ticket N° {opened.Context}# - Écran ne s'allume plus", mail.Subject);
        Assert.Equal(row.MessageId, mail.MessageId);
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal(("SAV Lumeo", "sav@lumeo.example"), (from.Name, from.Address));
        Assert.Equal("support@lumeo.example", Assert.Single(mail.ReplyTo.Mailboxes).Address);
        Assert.Equal("Marie Durand", Assert.Single(mail.To.Mailboxes).Name);
        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Contains("Nous avons bien reçu votre demande « Écran ne s'allume plus »", mail.TextBody);
        Assert.Contains("répondez simplement à ce mail", mail.TextBody);
        Assert.Contains("#7a1f3d", mail.HtmlBody);
        Assert.Contains("https://docs.google.com/forms/d/e/STATUS/viewform?entry.1=" + opened.Context.Replace("#", "%23"), mail.HtmlBody);
    }

    [Fact]
    public async Task With_a_user_and_password_the_sender_logs_in_before_sending()
    {
        await using var server = await SmtpTestServer.StartAsync(user: "relay@lumeo.example", password: "s3cret");
        await using var database = await TestDatabase.CreateAsync();
        await EnqueueAsync(database, _clock, 1);
        var settings = Settings(server, "relay@lumeo.example", "s3cret");

        Assert.Equal(1, await Dispatcher(database, new SmtpMailSender(Options.Create(settings)), settings, _clock).DispatchAsync());

        Assert.Equal("relay@lumeo.example", Assert.Single(server.Logins));
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task A_wrong_password_sends_nothing_and_the_mail_waits_for_a_retry()
    {
        await using var server = await SmtpTestServer.StartAsync(user: "relay@lumeo.example", password: "s3cret");
        await using var database = await TestDatabase.CreateAsync();
        await EnqueueAsync(database, _clock, 1);
        var settings = Settings(server, "relay@lumeo.example", "wrong");

        Assert.Equal(0, await Dispatcher(database, new SmtpMailSender(Options.Create(settings)), settings, _clock).DispatchAsync());

        Assert.Empty(server.Received);
        var row = (await RowsAsync(database)).Single();
        Assert.Equal((OutboxState.Pending, 1), (row.State, row.Attempts));
        Assert.NotNull(row.LastError);
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_fails_for_good_without_retries()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.Unknown["client1@example.com"] = true;
        await using var database = await TestDatabase.CreateAsync();
        await EnqueueAsync(database, _clock, 2);
        var settings = Settings(server);
        var dispatcher = Dispatcher(database, new SmtpMailSender(Options.Create(settings)), settings, _clock);

        Assert.Equal(1, await dispatcher.DispatchAsync());
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.DispatchAsync());

        var refused = (await RowsAsync(database)).Single(r => r.Recipient == "client1@example.com");
        Assert.Equal((OutboxState.Failed, 1), (refused.State, refused.Attempts));
        Assert.Contains("RecipientNotAccepted", refused.LastError);
        Assert.Equal(["client2@example.com"], server.Received.SelectMany(r => r.To));
    }

    [Fact]
    public async Task A_server_that_says_try_later_gets_the_mail_once_it_accepts()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.FailNext(2);
        await using var database = await TestDatabase.CreateAsync();
        await EnqueueAsync(database, _clock, 1);
        var settings = Settings(server);
        var dispatcher = Dispatcher(database, new SmtpMailSender(Options.Create(settings)), settings, _clock);

        for (var i = 0; i < 5; i++)
        {
            await dispatcher.DispatchAsync();
            _clock.Advance(TimeSpan.FromMinutes(5));
        }

        var row = (await RowsAsync(database)).Single();
        Assert.Equal((OutboxState.Sent, 3), (row.State, row.Attempts));
        Assert.Single(server.Received);
    }
}
