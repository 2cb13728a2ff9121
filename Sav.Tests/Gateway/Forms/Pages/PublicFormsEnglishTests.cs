using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Forms.Pages;

public partial class PublicFormsTests
{
    [GeneratedRegex("name=\"lang\" value=\"([a-z]+)\"")]
    private static partial Regex LanguageField();

    [Fact]
    public async Task The_open_form_is_french_by_default_with_a_link_to_the_english_one()
    {
        await using var host = await GatewayHost.StartAsync();

        var (_, _, html) = await LoadAsync(host, "/f/sav/open");

        Assert.Contains("Adresse e-mail", html);
        Assert.Contains("Envoyer ma demande", html);
        Assert.Equal("fr", LanguageField().Match(html).Groups[1].Value);
        Assert.Contains("<a href=\"/f/sav/open?lang=en\" lang=\"en\" hreflang=\"en\">English</a>", html);
    }

    [Fact]
    public async Task With_lang_en_the_open_form_is_in_english()
    {
        await using var host = await GatewayHost.StartAsync();

        var (_, _, html) = await LoadAsync(host, "/f/sav/open?lang=en");

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<title>Support request", html);
        Assert.Contains("<label for=\"EMAIL\">Email address <span class=\"required\">(required)</span>", html);
        Assert.Contains("Description of the problem", html);
        Assert.Contains("<button type=\"submit\">Send my request</button>", html);
        Assert.DoesNotContain("Adresse e-mail", html);
        Assert.Contains("<a href=\"/f/sav/open?lang=fr\" lang=\"fr\" hreflang=\"fr\">Français</a>", WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task Posting_the_english_form_opens_an_english_ticket_and_thanks_in_english()
    {
        await using var host = await GatewayHost.StartAsync();
        var (client, token, html) = await LoadAsync(host, "/f/sav/open?lang=en");
        var language = LanguageField().Match(html).Groups[1].Value;

        var response = await client.PostAsync("/f/sav/open", Multipart(OpenFields(token).With("lang", language)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var thanks = await response.Content.ReadAsStringAsync();
        await using var db = host.Db();
        var ticket = await db.Tickets.SingleAsync();
        Assert.Equal("en", ticket.Language);
        Assert.Contains("<html lang=\"en\">", thanks);
        Assert.Contains("<h1>Thank you</h1>", thanks);
        Assert.Contains("Your case number:", thanks);
        Assert.Contains(host.ContextOf(ticket.Code), thanks);
    }

    [Fact]
    public async Task The_english_form_shows_its_errors_in_english()
    {
        await using var host = await GatewayHost.StartAsync();
        var (client, token, _) = await LoadAsync(host, "/f/sav/open?lang=en");

        var response = await client.PostAsync("/f/sav/open",
            Multipart(OpenFields(token).With("lang", "en").With("EMAIL", "not-an-address").With("WARRANTY", "peut-être")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Some fields need correcting:", html);
        Assert.Contains("“Product under warranty” is yes, no (oui, non) or empty.", html);
        Assert.Contains("name=\"lang\" value=\"en\"", html);
        Assert.Equal(0, await host.TicketCountAsync());
    }

    [Fact]
    public async Task A_french_form_posted_for_an_english_brand_keeps_french()
    {
        await using var host = await GatewayHost.StartAsync();
        await using (var db = host.Db())
        {
            await db.Brands.ExecuteUpdateAsync(b => b.SetProperty(x => x.Language, "en"));
        }

        var (client, token, english) = await LoadAsync(host, "/f/sav/open");
        Assert.Contains("Send my request", english);
        var response = await client.PostAsync("/f/sav/open?lang=fr", Multipart(OpenFields(token).With("lang", "fr")));

        Assert.Contains("<h1>Merci</h1>", await response.Content.ReadAsStringAsync());
        await using var check = host.Db();
        Assert.Equal("fr", (await check.Tickets.SingleAsync()).Language);
    }

    [Fact]
    public async Task The_status_page_of_an_english_ticket_is_in_english_and_so_is_its_answer()
    {
        await using var host = await GatewayHost.StartAsync();
        var opened = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen()));
        var context = await opened.Content.ReadAsStringAsync();
        await using (var db = host.Db())
        {
            await db.Tickets.ExecuteUpdateAsync(t => t.SetProperty(x => x.Language, "en"));
        }

        var (client, token, html) = await LoadAsync(host, "/f/status?c=" + Uri.EscapeDataString(context));

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<h1>Track my case</h1>", html);
        Assert.Contains("Get the status of my case", html);
        Assert.Contains($"/f/status?lang=fr&amp;c={Uri.EscapeDataString(context)}", html);
        var response = await client.PostAsync("/f/status", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["CONTEXT"] = context, ["lang"] = LanguageField().Match(html).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You will receive the status of your case by email.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_status_page_of_a_french_ticket_stays_french()
    {
        await using var host = await GatewayHost.StartAsync();
        var opened = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen()));
        var context = await opened.Content.ReadAsStringAsync();

        var (_, _, html) = await LoadAsync(host, "/f/status?c=" + Uri.EscapeDataString(context));

        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("<h1>Suivre mon dossier</h1>", html);
    }

    [Fact]
    public async Task The_english_form_lists_the_english_names_and_the_english_mail_names_the_product()
    {
        await using var host = await GatewayHost.StartAsync();
        await using (var db = host.Db())
        {
            db.ProductFamilies.Add(new Sav.Domain.Catalog.ProductFamily
            {
                Code = "ECRAN", Name = "Écrans tactiles", NameEn = "Touch screens",
                Products = [new Sav.Domain.Catalog.Product { Code = "ET-55", Name = "Écran tactile 55 pouces", NameEn = "55-inch touch screen" }],
            });
            await db.SaveChangesAsync();
        }
        var (client, token, html) = await LoadAsync(host, "/f/sav/open?lang=en");
        Assert.Contains(">Touch screens</option>", html);
        Assert.DoesNotContain("Écrans tactiles", WebUtility.HtmlDecode(html));

        var response = await client.PostAsync("/f/sav/open", Multipart(OpenFields(token).With("lang", "en")
            .With("PRODUCT_FAMILY", "Touch screens").With("PRODUCT", "55-inch touch screen").With("WARRANTY", "yes")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using (var db = host.Db())
        {
            var ticket = await db.Tickets.Include(t => t.ProductFamily).Include(t => t.Product).SingleAsync();
            Assert.Equal(("ECRAN", "ET-55"), (ticket.ProductFamily?.Code, ticket.Product?.Code));
        }
        await host.DispatchAsync();
        var mail = await MimeKit.MimeMessage.LoadAsync(Directory.GetFiles(host.PickupFolder, "*.eml").Single());
        Assert.Contains("Product concerned: Touch screens — 55-inch touch screen", mail.TextBody);
    }
}
