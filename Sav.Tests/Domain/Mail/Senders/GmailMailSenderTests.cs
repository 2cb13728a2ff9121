using System.Buffers.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Sav.Domain.Google;
using Sav.Domain.Mail;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Senders;
using Sav.Tests.Servers;
using Sav.Tests.Support;
using static Sav.Tests.Domain.Mail.Outbox.OutboxTestKit;

namespace Sav.Tests.Domain.Mail.Senders;

public class GmailMailSenderTests
{
    private const string SendRoute = "POST /gmail/v1/users/me/messages/send";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    private static GmailMailSender Sender(FakeGoogle google) => new(new GoogleClients(Options.Create(new GoogleOptions
    {
        ServiceAccountJson = google.ServiceAccountJson(), User = "sav@lumeo.example", GmailBaseUrl = google.BaseUrl,
    })));

    private static Task Accept(HttpContext context) =>
        context.Response.WriteAsJsonAsync(new { id = "18c2f0a1b2c3d4e5", threadId = "18c2f0a1b2c3d4e5", labelIds = new[] { "SENT" } });

    private static Task Answer(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { code = status, message = reason } });
    }

    private static IEnumerable<RecordedRequest> Sends(FakeGoogle google) =>
        google.Requests.Where(r => r.Method == "POST" && r.Path == "/gmail/v1/users/me/messages/send");

    [Fact]
    public async Task A_mail_is_sent_as_the_mailbox_user_with_the_send_scope_and_gmail_s_id_is_kept()
    {
        await using var google = await FakeGoogle.StartAsync();
        google.On(SendRoute, (context, _) => Accept(context));
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database, _clock);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        using var sender = Sender(google);

        Assert.Equal(1, await Dispatcher(database, sender, new MailOptions(), _clock).DispatchAsync());

        var row = (await RowsAsync(database)).Single();
        Assert.Equal((OutboxState.Sent, "18c2f0a1b2c3d4e5"), (row.State, row.ProviderId));
        var claims = Assert.Single(google.TokenClaims);
        Assert.Equal("sav@lumeo.example", (string?)claims["sub"]);
        Assert.Equal(GoogleClients.GmailSendScope, (string?)claims["scope"]);

        var request = Assert.Single(Sends(google));
        Assert.StartsWith("application/json", request.ContentType);
        var raw = (string)request.Json!["raw"]!;
        Assert.DoesNotContain('+', raw);
        Assert.DoesNotContain('/', raw);
        var mail = await MimeMessage.LoadAsync(new MemoryStream(Base64Url.DecodeFromChars(raw)));
        Assert.Equal($"Ticket N° {opened.Context}# - Écran ne s'allume plus", mail.Subject);
        Assert.Equal(row.MessageId, mail.MessageId);
        Assert.Equal("marie.durand@college-pasteur.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal(["text/plain", "text/html"], Assert.IsType<MultipartAlternative>(mail.Body).Select(p => p.ContentType.MimeType));
        Assert.Contains("Votre demande a bien été enregistrée", mail.TextBody);
    }

    [Fact]
    public async Task A_gmail_server_error_is_retried_and_the_mail_leaves_once()
    {
        await using var google = await FakeGoogle.StartAsync();
        var calls = 0;
        google.On(SendRoute, (context, _) => Interlocked.Increment(ref calls) == 1 ? Answer(context, 503, "Backend Error") : Accept(context));
        await using var database = await TestDatabase.CreateAsync();
        await EnqueueAsync(database, _clock, 1);
        using var sender = Sender(google);
        var dispatcher = Dispatcher(database, sender, new MailOptions(), _clock);

        Assert.Equal(0, await dispatcher.DispatchAsync());
        var row = (await RowsAsync(database)).Single();
        Assert.Equal(OutboxState.Pending, row.State);
        Assert.Contains("Gmail answered 503", row.LastError);

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await dispatcher.DispatchAsync());
        Assert.Equal(2, Sends(google).Count());
        Assert.Equal(OutboxState.Sent, (await RowsAsync(database)).Single().State);
    }

    [Fact]
    public async Task A_request_gmail_rejects_fails_for_good_without_retries()
    {
        await using var google = await FakeGoogle.StartAsync();
        google.On(SendRoute, (context, _) => Answer(context, 400, "Invalid To header"));
        await using var database = await TestDatabase.CreateAsync();
        await EnqueueAsync(database, _clock, 1);
        using var sender = Sender(google);
        var dispatcher = Dispatcher(database, sender, new MailOptions(), _clock);

        await dispatcher.DispatchAsync();
        _clock.Advance(TimeSpan.FromHours(1));
        await dispatcher.DispatchAsync();

        var row = (await RowsAsync(database)).Single();
        Assert.Equal((OutboxState.Failed, 1), (row.State, row.Attempts));
        Assert.Contains("Gmail refused the mail: 400", row.LastError);
        Assert.Contains("Invalid To header", row.LastError);
        Assert.Single(Sends(google));
    }
}
