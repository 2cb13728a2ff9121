using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Mail.Templates;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Forms.Pages;

public partial class PublicFormsTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private static async Task<(HttpClient Client, string Token, string Html)> LoadAsync(GatewayHost host, string path)
    {
        var client = host.CreateClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        return (client, WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value), html);
    }

    private static Dictionary<string, string> OpenFields(string token) => new()
    {
        ["__RequestVerificationToken"] = token,
        ["EMAIL"] = "marie.durand@college-pasteur.example",
        ["NAME"] = "Marie Durand",
        ["SUBJECT"] = "Écran ne s'allume plus",
        ["PRODUCT_FAMILY"] = "Écrans tactiles",
        ["WARRANTY"] = "non",
    };

    [Fact]
    public async Task The_open_form_is_french_in_the_brand_and_lists_the_families_of_the_database()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.AddFamiliesAsync("Écrans tactiles", "Télécommandes");
        await using (var db = host.Db())
        {
            var family = await db.ProductFamilies.SingleAsync(f => f.Name == "Écrans tactiles");
            db.Products.AddRange(new Sav.Domain.Catalog.Product { Code = "e65", Name = "Écran 65 pouces", ProductFamilyId = family.Id },
                new Sav.Domain.Catalog.Product { Code = "old", Name = "Ancien modèle", ProductFamilyId = family.Id, Active = false });
            await db.SaveChangesAsync();
        }

        var (client, token, html) = await LoadAsync(host, "/f/sav/open");

        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("<option value=\"Écrans tactiles\">", WebUtility.HtmlDecode(html));
        Assert.Contains("<option value=\"Télécommandes\">", WebUtility.HtmlDecode(html));
        Assert.Contains("type=\"file\"", html);
        Assert.NotEmpty(token);
        // « Modèle » suggests the active products, each with its family, and stays free text.
        var decoded = WebUtility.HtmlDecode(html);
        Assert.Contains("list=\"PRODUCT-list\"", decoded);
        Assert.Contains("<option value=\"Écran 65 pouces\" label=\"Écrans tactiles\">", decoded);
        Assert.DoesNotContain("Ancien modèle", decoded);
        var css = await client.GetStringAsync("/f/sav/style.css");
        Assert.Contains("--primary: #1f4e79", css);
    }

    [Fact]
    public async Task Posting_the_open_form_opens_a_ticket_and_thanks_with_the_context()
    {
        await using var host = await GatewayHost.StartAsync();
        var (client, token, _) = await LoadAsync(host, "/f/sav/open");

        var response = await client.PostAsync("/f/sav/open",
            Multipart(OpenFields(token), ("panne.png", "image/png", Bytes(3000))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        await using var db = host.Db();
        var ticket = await db.Tickets.Include(t => t.Brand).Include(t => t.Documents).SingleAsync();
        Assert.Contains(host.ContextOf(ticket.Code), html);
        Assert.Equal("sav", ticket.Brand!.Code);
        Assert.Equal(3000, Assert.Single(ticket.Documents).Size);
    }

    [Fact]
    public async Task A_bad_field_shows_the_form_again_with_the_error_and_the_values_kept()
    {
        await using var host = await GatewayHost.StartAsync();
        var (client, token, _) = await LoadAsync(host, "/f/sav/open");

        var response = await client.PostAsync("/f/sav/open", Multipart(OpenFields(token).With("EMAIL", "pas-une-adresse")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"EMAIL-error\"", html);
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.Contains("value=\"Marie Durand\"", html);
        Assert.Equal(0, await host.RowCountAsync());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_writes_nothing()
    {
        await using var host = await GatewayHost.StartAsync();
        var (client, _, _) = await LoadAsync(host, "/f/sav/open");

        var response = await client.PostAsync("/f/sav/open", Multipart(OpenFields("forged-token")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await host.RowCountAsync());
    }

    [Fact]
    public async Task A_filled_honeypot_gets_a_thank_you_page_and_writes_nothing()
    {
        await using var host = await GatewayHost.StartAsync();
        var (client, token, _) = await LoadAsync(host, "/f/sav/open");

        var response = await client.PostAsync("/f/sav/open", Multipart(OpenFields(token).With("website", "http://spam.example")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("class=\"context\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await host.RowCountAsync());
    }

    [Fact]
    public async Task An_upload_over_the_limit_shows_the_form_again_with_413()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Documents:MaxBytes"] = "1000" });
        var (client, token, _) = await LoadAsync(host, "/f/sav/open");

        var response = await client.PostAsync("/f/sav/open", Multipart(OpenFields(token), ("video.mp4", "video/mp4", Bytes(5000))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("id=\"FILES-error\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await host.RowCountAsync());
    }

    [Fact]
    public async Task Past_the_per_address_limit_the_form_answers_429_with_retry_after()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Gateway:RateLimit:PerAddressPerMinute"] = "1" });
        var (client, token, _) = await LoadAsync(host, "/f/sav/open");

        var first = await client.PostAsync("/f/sav/open", Multipart(OpenFields(token)));
        var second = await client.PostAsync("/f/sav/open", Multipart(OpenFields(token).With("SUBJECT", "Autre demande")));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.True(second.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(1, await host.TicketCountAsync());
    }

    [Fact]
    public async Task An_unknown_brand_is_404()
    {
        await using var host = await GatewayHost.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync("/f/inconnue/open")).StatusCode);
    }

    [Theory]
    [InlineData(ButtonKind.Status, "Status")]
    [InlineData(ButtonKind.Close, "ClosingConfirmation")]
    [InlineData(ButtonKind.Reopen, "ReopenNotNeeded")]
    public async Task The_mail_buttons_open_a_form_with_the_context_that_posts_the_request(ButtonKind button, string template)
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Mail:PublicFormsUrl"] = "https://sav.example/" });
        var opened = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen()));
        var context = await opened.Content.ReadAsStringAsync();
        var link = new Uri(host.Service<MailComposer>().Links(null, context)[button]);

        var (client, token, html) = await LoadAsync(host, link.PathAndQuery);

        Assert.Contains($"value=\"{context}\" readonly", html);
        var response = await client.PostAsync(link.AbsolutePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["CONTEXT"] = context, ["COMMENT"] = "Merci.",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(context, await response.Content.ReadAsStringAsync());
        await using var db = host.Db();
        Assert.Equal(template, (await db.OutboxMessages.OrderBy(m => m.Id).LastAsync()).Template);
    }

    [Fact]
    public async Task The_answer_form_records_the_answer()
    {
        await using var host = await GatewayHost.StartAsync();
        var opened = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen()));
        var context = await opened.Content.ReadAsStringAsync();
        var (client, token, _) = await LoadAsync(host, "/f/answer?c=" + Uri.EscapeDataString(context));

        var response = await client.PostAsync("/f/answer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["CONTEXT"] = context, ["ANSWER"] = "Il est branché sur secteur.",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = host.Db();
        Assert.True(await db.ConversationEntries.AnyAsync(e => e.Text == "Il est branché sur secteur."));
    }

    [Fact]
    public async Task A_forged_context_on_a_page_is_404_and_writes_nothing()
    {
        await using var host = await GatewayHost.StartAsync();
        var (client, token, html) = await LoadAsync(host, "/f/close");
        Assert.Contains("id=\"CONTEXT\"", html);
        var before = await host.RowCountAsync();

        var response = await client.PostAsync("/f/close", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["CONTEXT"] = "AT73#K9F2Q",
        }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await host.RowCountAsync());
    }
}
