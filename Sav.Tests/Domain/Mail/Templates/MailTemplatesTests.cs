using Microsoft.EntityFrameworkCore;
using MimeKit;
using Sav.Domain.Conversations;
using Sav.Domain.Data;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Templates;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Mail.Templates;

public class MailTemplatesTests
{
    public static TheoryData<MailTemplate, string, bool> EveryTemplateLanguageAndBrand()
    {
        var data = new TheoryData<MailTemplate, string, bool>();
        foreach (var template in Enum.GetValues<MailTemplate>())
        foreach (var language in new[] { "fr", "en" })
        foreach (var distributor in new[] { false, true })
            data.Add(template, language, distributor);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTemplateLanguageAndBrand))]
    public async Task Every_mail_carries_the_context_in_its_subject_the_brand_and_the_buttons_of_its_kind(
        MailTemplate template, string language, bool distributor)
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var brand = distributor ? MailTestData.Distributor() : MailTestData.WhiteLabel();
        var context = services.Contexts.For("AT73").ToString();
        var escaped = context.Replace("#", "%23");
        await using var db = database.CreateDbContext();

        var mail = services.Composer.Enqueue(db, MailTestData.Ticket(brand, language), template,
            template == MailTemplate.Question ? "Quel est le numéro de série ?" : null);

        Assert.Equal($"Ticket N° {context}# - Écran ne s'allume plus", mail.Subject);
        Assert.Equal(brand.SenderName, mail.FromName);
        Assert.Equal(brand.SenderAddress, mail.FromAddress);
        Assert.Equal(brand.ReplyTo, mail.ReplyTo);
        Assert.Contains(brand.PrimaryColor, mail.Html);
        Assert.Equal(distributor, mail.Html.Contains("<img src=\"https://cdn.lumeo.example/banner.png\""));
        Assert.Contains($"""<html lang="{language}">""", mail.Html);

        string Link(string kind) => distributor
            ? $"https://docs.google.com/forms/d/e/{kind.ToUpperInvariant()}/viewform?entry.1={escaped}"
            : $"http://localhost:5080/f/{kind}?c={escaped}";
        var expected = new Dictionary<string, bool>
        {
            ["status"] = true,
            ["answer"] = template == MailTemplate.Question,
            ["close"] = template != MailTemplate.ClosingConfirmation,
            ["reopen"] = template == MailTemplate.ClosingConfirmation,
        };
        foreach (var (kind, shown) in expected)
        {
            Assert.Equal(shown, mail.Html.Contains($"href=\"{Link(kind)}\""));
            Assert.Equal(shown, mail.Text.Contains(Link(kind)));
        }

        var french = language == "fr";
        Assert.Contains(french ? "répondez simplement à ce mail" : "simply reply to this mail", mail.Text);
        Assert.Contains(french ? "sans modifier l'objet" : "keeping the subject as it is", Visible(mail.Html));
        Assert.Contains(french ? "Statut actuel de votre dossier : En cours de traitement par notre équipe" : "Current status of your ticket: Being handled by our team", mail.Text);
        Assert.DoesNotContain("b10", mail.Text);
        if (template == MailTemplate.Question)
        {
            Assert.Contains(french ? "Cliquer ici pour répondre" : "Click here to answer", Visible(mail.Html));
            Assert.Contains("> Quel est le numéro de série ?", mail.Text);
        }
    }

    [Fact]
    public async Task A_status_mail_shows_the_latest_public_messages_but_never_an_internal_note()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        await using var db = database.CreateDbContext();
        var start = services.Clock.GetUtcNow();
        db.ConversationEntries.AddRange(
            new ConversationEntry { TicketId = opened.Id, Direction = Direction.ToCustomer, Author = "analyste", Text = "Avez-vous essayé une autre prise ?", At = start.AddMinutes(1) },
            new ConversationEntry { TicketId = opened.Id, Direction = Direction.InternalNote, Author = "analyste", Text = "Client difficile, note interne", At = start.AddMinutes(2) },
            new ConversationEntry { TicketId = opened.Id, Direction = Direction.FromCustomer, Author = "marie", Text = "Oui, même résultat.", At = start.AddMinutes(3) });
        await db.SaveChangesAsync();
        var ticket = await LoadAsync(db, opened.Id);

        var mail = services.Composer.Enqueue(db, ticket, MailTemplate.Status);

        Assert.Contains("Derniers échanges", mail.Html);
        Assert.Contains("Avez-vous essayé une autre prise ?", mail.Text);
        Assert.Contains("Oui, même résultat.", mail.Text);
        Assert.True(mail.Text.IndexOf("autre prise", StringComparison.Ordinal) < mail.Text.IndexOf("même résultat", StringComparison.Ordinal));
        Assert.DoesNotContain("note interne", mail.Text);
        Assert.DoesNotContain("note interne", mail.Html);
        Assert.Contains("Statut actuel de votre dossier : Nouvelle demande, en attente de prise en charge", mail.Text);
        Assert.DoesNotContain("a10", mail.Text);
    }

    [Theory]
    [InlineData("fr", 2026, 1, 15, 22, "15/01/2026 23:30")]
    [InlineData("fr", 2026, 7, 15, 21, "15/07/2026 23:30")]
    [InlineData("en", 2026, 1, 15, 22, "15/01/2026 23:30 (UTC+1:00)")]
    [InlineData("en", 2026, 7, 15, 21, "15/07/2026 23:30 (UTC+2:00)")]
    public async Task A_status_mail_gives_times_in_the_team_s_time_zone_in_winter_and_in_summer(string language, int year, int month, int day,
        int utcHour, string expected)
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest() with { Language = language }, "form");
        await using var db = database.CreateDbContext();
        db.ConversationEntries.Add(new ConversationEntry
        {
            TicketId = opened.Id, Direction = Direction.ToCustomer, Author = "analyste", Text = "Nous avons reçu la pièce.",
            At = new DateTimeOffset(year, month, day, utcHour, 30, 0, TimeSpan.Zero),
        });
        await db.SaveChangesAsync();
        var ticket = await LoadAsync(db, opened.Id);

        var mail = services.Composer.Enqueue(db, ticket, MailTemplate.Status);

        Assert.Contains($"-- {expected} ·", mail.Text);
        Assert.Contains(expected, System.Net.WebUtility.HtmlDecode(mail.Html));
        Assert.Contains(language == "en" ? "New request, waiting to be taken in charge" : "Nouvelle demande, en attente de prise en charge", mail.Text);
    }

    [Fact]
    public async Task Hostile_customer_text_never_reaches_the_html_as_markup()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        const string hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";
        await using var db = database.CreateDbContext();
        var ticket = MailTestData.Ticket(MailTestData.Distributor(), subject: "Panne " + hostile, name: "Marie " + hostile);

        foreach (var template in Enum.GetValues<MailTemplate>())
        {
            var mail = services.Composer.Enqueue(db, ticket, template, "Question " + hostile,
                [new PublicMessage(services.Clock.GetUtcNow(), true, hostile, "Réponse " + hostile)]);

            Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", mail.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onerror=alert(1)>", mail.Html);
            Assert.Contains($"<title>Ticket N° AT73#", mail.Html);
            Assert.Contains($"# - Panne {hostile}</title>", Visible(mail.Html));
            Assert.Contains($"Bonjour Marie {hostile},", Visible(mail.Html));
        }
    }

    [Fact]
    public async Task Line_breaks_in_customer_text_cannot_add_headers_to_the_mail()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        await using (var db = database.CreateDbContext())
        {
            var brand = MailTestData.Distributor();
            brand.SenderName = "SAV Lumeo\r\nBcc: sender@evil.example";
            var ticket = MailTestData.Ticket(brand, subject: "Panne\r\nBcc: victim@evil.example\nX-Injected: yes",
                name: "Marie\r\nCc: spy@evil.example");
            db.Brands.Add(brand);
            ticket.Status = db.Statuses.Single(s => s.Code == "b10");
            services.Composer.Enqueue(db, ticket, MailTemplate.Status, history: []);
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await services.Dispatcher().DispatchAsync());

        var file = Assert.Single(Directory.GetFiles(services.Mail.PickupFolder, "*.eml"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Empty(message.Bcc);
        Assert.Empty(message.Cc);
        Assert.Null(message.Headers["X-Injected"]);
        Assert.StartsWith("Ticket N° AT73#", message.Subject);
        Assert.EndsWith("# - Panne Bcc: victim@evil.example X-Injected: yes", message.Subject);
        Assert.Equal("marie.durand@college-pasteur.example", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("sav@lumeo.example", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("support@lumeo.example", Assert.Single(message.ReplyTo.Mailboxes).Address);
    }

    [Fact]
    public async Task A_brand_colour_or_banner_that_is_not_what_it_claims_falls_back_instead_of_reaching_the_html()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var brand = MailTestData.Distributor();
        brand.PrimaryColor = "#fff;background:url(https://evil.example/track)";
        brand.AccentColor = "red\" onmouseover=\"alert(1)";
        brand.BannerUrl = "javascript:alert(1)";
        await using var db = database.CreateDbContext();

        var mail = services.Composer.Enqueue(db, MailTestData.Ticket(brand), MailTemplate.Question, "Quel est le numéro de série ?");

        Assert.DoesNotContain("evil.example", mail.Html);
        Assert.DoesNotContain("onmouseover", mail.Html);
        Assert.DoesNotContain("javascript:", mail.Html);
        Assert.Contains("background:#1f4e79", mail.Html);
        Assert.Contains("background:#f0a500", mail.Html);
        Assert.Contains(">Lumeo</td>", mail.Html);
    }

    [Fact]
    public async Task A_button_link_that_is_not_a_web_address_is_left_out()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var brand = MailTestData.Distributor();
        brand.CloseLink = "javascript:alert('{context}')";
        await using var db = database.CreateDbContext();

        var mail = services.Composer.Enqueue(db, MailTestData.Ticket(brand), MailTemplate.OpeningConfirmation);

        Assert.DoesNotContain("javascript:", mail.Html);
        Assert.DoesNotContain("javascript:", mail.Text);
        Assert.Contains("Connaître l'état de mon dossier", Visible(mail.Html));
    }

    private static string Visible(string html) => System.Net.WebUtility.HtmlDecode(html);

    private static Task<Ticket> LoadAsync(SavDbContext db, int id) =>
        db.Tickets.Include(t => t.Status).Include(t => t.Brand).Include(t => t.Contact).SingleAsync(t => t.Id == id);
}
