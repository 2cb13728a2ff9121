using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Forms;

public class OpenFormApiTests
{
    [Theory]
    [MemberData(nameof(Encodings), MemberType = typeof(Submissions))]
    public async Task Each_encoding_opens_a_ticket_and_answers_its_context(Submissions.Encoding encoding)
    {
        await using var host = await GatewayHost.StartAsync();
        var response = await host.CreateClient().PostAsync("/api/forms/open", Encode(encoding, ValidOpen()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var context = await response.Content.ReadAsStringAsync();
        await using var db = host.Db();
        var ticket = await db.Tickets.Include(t => t.Contact).Include(t => t.ProductFamily).SingleAsync();
        Assert.Equal(host.ContextOf(ticket.Code), context);
        Assert.Equal("marie.durand@college-pasteur.example", ticket.Contact!.Email);
        Assert.Equal("Écrans tactiles", ticket.ProductFamily?.Name ?? ticket.ProductFamilyText);
    }

    [Fact]
    public async Task The_exact_apps_script_shape_is_accepted_with_lower_case_names_and_warranty()
    {
        await using var host = await GatewayHost.StartAsync();
        var payload = ValidOpen().ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value);
        payload["warranty"] = "oui";
        payload["serial_number"] = "SN 42/7 & co";

        var response = await host.CreateClient().SendAsync(AppsScriptPost("/api/forms/open", payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^[0-9A-Z]{4,5}#[0-9A-Z]{5}$", await response.Content.ReadAsStringAsync());
        await using var db = host.Db();
        var ticket = await db.Tickets.SingleAsync();
        Assert.Equal(Sav.Domain.Tickets.Warranty.Yes, ticket.Warranty);
        Assert.Equal("SN 42/7 & co", ticket.SerialNumber);
        Assert.Equal("Écran ne s'allume plus", ticket.Subject);
    }

    [Fact]
    public async Task A_caller_accepting_json_gets_ticket_context_and_status()
    {
        await using var host = await GatewayHost.StartAsync();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await client.PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = answer.GetProperty("ticket").GetString()!;
        Assert.Equal(host.ContextOf(code), answer.GetProperty("context").GetString());
        Assert.Equal("a10. Nouveau", answer.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_key_may_come_in_the_x_api_key_header()
    {
        await using var host = await GatewayHost.StartAsync();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GatewayHost.ApiKey);

        var response = await client.PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen().With("API_KEY", null)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    [InlineData("dev-api-key")]
    public async Task A_missing_or_wrong_key_is_401_and_writes_nothing(string? key)
    {
        await using var host = await GatewayHost.StartAsync();
        var response = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen().With("API_KEY", key)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await ProblemAsync(response);
        Assert.Equal(0, await host.RowCountAsync());
    }

    [Fact]
    public async Task The_development_key_works_in_development_when_no_key_is_configured()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Gateway:ApiKeys:0"] = "" });
        var response = await host.CreateClient().PostAsync("/api/forms/open",
            new FormUrlEncodedContent(ValidOpen().With("API_KEY", "dev-api-key")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("EMAIL", "pas-une-adresse", null)]
    [InlineData("NAME", null, null)]
    [InlineData("SUBJECT", "x", 201)]
    [InlineData("PRODUCT_FAMILY", "", null)]
    [InlineData("PHONE", "01 23\u0007 45", null)]
    [InlineData("WARRANTY", "peut-être", null)]
    public async Task A_bad_field_is_400_naming_it_and_writes_nothing(string field, string? value, int? repeat)
    {
        await using var host = await GatewayHost.StartAsync();
        var fields = ValidOpen().With(field, repeat is { } times ? new string('x', times) : value);

        var response = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await host.RowCountAsync());
    }

    [Theory]
    [InlineData("{\"NAME\": [\"Marie\"]}")]
    [InlineData("{\"NAME\": \"\\ud800\"}")]
    public async Task A_json_field_that_is_not_text_is_400_naming_it(string json)
    {
        await using var host = await GatewayHost.StartAsync();
        var response = await host.CreateClient().PostAsync("/api/forms/open", RawJson(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("NAME", out _));
    }

    [Fact]
    public async Task A_400_for_a_long_field_says_the_limit()
    {
        await using var host = await GatewayHost.StartAsync();
        var response = await host.CreateClient().PostAsync("/api/forms/open",
            new FormUrlEncodedContent(ValidOpen().With("NAME", new string('n', 250))));

        var problem = await ProblemAsync(response);
        var message = problem.GetProperty("errors").GetProperty("NAME")[0].GetString();
        Assert.Contains("200", message);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_writes_nothing()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Gateway:MaxFieldsBytes"] = "4096" });
        var response = await host.CreateClient().PostAsync("/api/forms/open",
            new FormUrlEncodedContent(ValidOpen().With("DESCRIPTION", new string('d', 10_000))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await ProblemAsync(response);
        Assert.Equal(0, await host.RowCountAsync());
    }

    [Fact]
    public async Task A_streamed_body_without_length_over_the_limit_is_413()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Gateway:MaxFieldsBytes"] = "4096" });
        var body = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            "{\"EMAIL\":\"a@b.example\",\"DESCRIPTION\":\"" + new string('d', 20_000) + "\"}")));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/forms/open") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        var response = await host.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await host.RowCountAsync());
    }

    [Fact]
    public async Task An_unknown_media_type_is_415_and_an_unknown_kind_404()
    {
        await using var host = await GatewayHost.StartAsync();
        var client = host.CreateClient();

        var xml = await client.PostAsync("/api/forms/open", new StringContent("<open/>", System.Text.Encoding.UTF8, "application/xml"));
        var unknown = await client.PostAsync("/api/forms/delete", new FormUrlEncodedContent(ValidOpen()));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0, await host.RowCountAsync());
    }

    [Fact]
    public async Task An_unknown_form_kind_says_the_form_does_not_exist_not_that_a_ticket_is_unknown()
    {
        await using var host = await GatewayHost.StartAsync();

        var answer = await host.CreateClient().PostAsync("/api/forms/foo", new FormUrlEncodedContent(ValidOpen()));

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        var title = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString();
        Assert.Equal("Formulaire inconnu", title);
    }

    [Fact]
    public async Task A_submission_ends_as_an_eml_file_with_the_context_in_its_subject()
    {
        await using var host = await GatewayHost.StartAsync();
        var response = await host.CreateClient().SendAsync(AppsScriptPost("/api/forms/open", ValidOpen()));
        var context = await response.Content.ReadAsStringAsync();

        Assert.Equal(1, await host.DispatchAsync());

        var file = Assert.Single(Directory.GetFiles(host.PickupFolder, "*.eml"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Contains($"{context}#", message.Subject);
        Assert.Equal("marie.durand@college-pasteur.example", message.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task The_outbox_job_sends_the_confirmation_on_its_own()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Jobs:OutboxEvery"] = "00:00:00.200" });
        var response = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen()));
        var context = await response.Content.ReadAsStringAsync();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Directory.GetFiles(host.PickupFolder, "*.eml").Length == 0 && DateTime.UtcNow < deadline) await Task.Delay(100);

        var file = Assert.Single(Directory.GetFiles(host.PickupFolder, "*.eml"));
        Assert.Contains(context, (await MimeMessage.LoadAsync(file)).Subject);
    }

    [Fact]
    public async Task Answers_carry_security_headers_and_a_request_id()
    {
        await using var host = await GatewayHost.StartAsync();
        var response = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen().With("API_KEY", "no")));

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.NotEmpty(response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Health_says_the_database_answers()
    {
        await using var host = await GatewayHost.StartAsync();
        var response = await host.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var database = health.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_is_503_when_the_database_does_not_answer_and_no_ticket_number_was_reserved()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sav"] = "Data Source=/nonexistent-folder/none.db;Mode=ReadOnly",
        });
        var response = await host.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
