using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Sav.Domain.Conversations;
using Sav.Domain.Tickets;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Forms;

/// <summary>The API of the forms that carry a ticket context (status, close, reopen, answer), and what every submission
/// shares with the open form: a context checked before the database, idempotence, concurrency, the per-address limit.</summary>
public class ContextFormApiTests
{
    private static async Task<string> OpenAsync(GatewayHost host, string email = "marie.durand@college-pasteur.example")
    {
        var response = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen(email)));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static Dictionary<string, string> Fields(string context, params (string Name, string Value)[] more)
    {
        var fields = new Dictionary<string, string> { ["CONTEXT"] = context, ["API_KEY"] = GatewayHost.ApiKey };
        foreach (var (name, value) in more) fields[name] = value;
        return fields;
    }

    private static async Task<Ticket> TicketAsync(GatewayHost host)
    {
        await using var db = host.Db();
        return await db.Tickets.Include(t => t.Status).Include(t => t.Conversation).SingleAsync();
    }

    private static async Task<List<string>> TemplatesAsync(GatewayHost host)
    {
        await using var db = host.Db();
        return await db.OutboxMessages.OrderBy(m => m.Id).Select(m => m.Template).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(Encodings), MemberType = typeof(Submissions))]
    public async Task Status_mails_the_status_and_the_last_public_messages(Submissions.Encoding encoding)
    {
        await using var host = await GatewayHost.StartAsync();
        var context = await OpenAsync(host);

        var response = await host.CreateClient().PostAsync("/api/forms/status",
            Encode(encoding, Fields(context.ToLowerInvariant() + " ", ("comment", "Des nouvelles ?"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(context, await response.Content.ReadAsStringAsync());
        Assert.Equal(["OpeningConfirmation", "Status"], await TemplatesAsync(host));
        var ticket = await TicketAsync(host);
        Assert.Equal("a10", ticket.Status.Code);
        Assert.Contains(ticket.Conversation, e => e.Text == "Des nouvelles ?" && e.Direction == Direction.FromCustomer);

        await host.DispatchAsync();
        var status = (await Task.WhenAll(Directory.GetFiles(host.PickupFolder, "*.eml").Select(f => MimeMessage.LoadAsync(f))))
            .Single(m => m.Headers["X-Sav-Template"] == "Status");
        Assert.Contains(context, status.Subject);
        Assert.Contains("Le voyant reste orange.", status.TextBody);
        Assert.Contains("Des nouvelles ?", status.TextBody);
        Assert.Contains("Statut actuel de votre dossier : Nouvelle demande, en attente de prise en charge", status.TextBody);
    }

    [Theory]
    [MemberData(nameof(Encodings), MemberType = typeof(Submissions))]
    public async Task Close_closes_the_ticket_and_confirms(Submissions.Encoding encoding)
    {
        await using var host = await GatewayHost.StartAsync();
        var context = await OpenAsync(host);

        var response = await host.CreateClient().PostAsync("/api/forms/close", Encode(encoding, Fields(context, ("COMMENT", "Réglé, merci."))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ticket = await TicketAsync(host);
        Assert.Equal("z10", ticket.Status.Code);
        Assert.Contains(ticket.Conversation, e => e.Text == "Réglé, merci.");
        Assert.Equal("ClosingConfirmation", (await TemplatesAsync(host)).Last());
    }

    [Theory]
    [MemberData(nameof(Encodings), MemberType = typeof(Submissions))]
    public async Task Reopen_moves_a_closed_ticket_to_action_required_and_confirms(Submissions.Encoding encoding)
    {
        await using var host = await GatewayHost.StartAsync();
        var context = await OpenAsync(host);
        var client = host.CreateClient();
        (await client.PostAsync("/api/forms/close", new FormUrlEncodedContent(Fields(context)))).EnsureSuccessStatusCode();

        var response = await client.PostAsync("/api/forms/reopen", Encode(encoding, Fields(context, ("COMMENT", "Le problème revient."))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("b10", (await TicketAsync(host)).Status.Code);
        Assert.Equal("ReopeningConfirmation", (await TemplatesAsync(host)).Last());
    }

    [Fact]
    public async Task Reopen_on_an_open_ticket_changes_nothing_and_says_so()
    {
        await using var host = await GatewayHost.StartAsync();
        var context = await OpenAsync(host);

        var response = await host.CreateClient().PostAsync("/api/forms/reopen", new FormUrlEncodedContent(Fields(context)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ticket = await TicketAsync(host);
        Assert.Equal("a10", ticket.Status.Code);
        await using var db = host.Db();
        Assert.Equal(1, await db.AuditEntries.CountAsync());
        Assert.Equal("ReopenNotNeeded", (await TemplatesAsync(host)).Last());
    }

    [Theory]
    [MemberData(nameof(Encodings), MemberType = typeof(Submissions))]
    public async Task Answer_is_recorded_from_the_customer_and_moves_to_action_required(Submissions.Encoding encoding)
    {
        await using var host = await GatewayHost.StartAsync();
        var context = await OpenAsync(host);

        var response = await host.CreateClient().PostAsync("/api/forms/answer",
            Encode(encoding, Fields(context, ("Answer", "Le numéro de série est SN-42."))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ticket = await TicketAsync(host);
        Assert.Equal("b10", ticket.Status.Code);
        var entry = Assert.Single(ticket.Conversation, e => e.Text == "Le numéro de série est SN-42.");
        Assert.Equal(Direction.FromCustomer, entry.Direction);
        Assert.Equal(Channel.Form, entry.Channel);
    }

    [Fact]
    public async Task Answer_without_its_text_is_400_naming_answer()
    {
        await using var host = await GatewayHost.StartAsync();
        var context = await OpenAsync(host);
        var before = await host.RowCountAsync();

        var response = await host.CreateClient().PostAsync("/api/forms/answer", new FormUrlEncodedContent(Fields(context)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("ANSWER", out _));
        Assert.Equal(before, await host.RowCountAsync());
    }

    [Fact]
    public async Task A_missing_context_is_400_naming_context()
    {
        await using var host = await GatewayHost.StartAsync();
        var response = await host.CreateClient().PostAsync("/api/forms/status",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["API_KEY"] = GatewayHost.ApiKey }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("CONTEXT", out _));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("close")]
    [InlineData("reopen")]
    [InlineData("answer")]
    public async Task An_unknown_code_and_a_forged_control_get_the_same_404_and_write_nothing(string kind)
    {
        await using var host = await GatewayHost.StartAsync();
        var context = await OpenAsync(host);
        var forged = context[..^1] + (context[^1] == '0' ? '1' : '0');
        var unknown = host.ContextOf("ZZZZ");
        var before = await host.RowCountAsync();
        var client = host.CreateClient();

        var answers = new List<(HttpStatusCode, string, string)>();
        foreach (var candidate in new[] { forged, unknown, "not a context" })
        {
            var response = await client.PostAsync($"/api/forms/{kind}", new FormUrlEncodedContent(Fields(candidate, ("ANSWER", "x"))));
            var problem = await ProblemAsync(response);
            answers.Add((response.StatusCode, problem.GetProperty("title").GetString()!, problem.GetProperty("type").GetString()!));
        }

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(HttpStatusCode.NotFound, answers[0].Item1);
        Assert.Equal(before, await host.RowCountAsync());
    }

    [Fact]
    public async Task A_forged_control_is_refused_before_the_database_is_asked()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sav"] = "Data Source=/nonexistent-folder/none.db;Mode=ReadOnly",
        });
        var response = await host.CreateClient().PostAsync("/api/forms/status", new FormUrlEncodedContent(Fields("AT73#00000")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_same_open_submission_twice_makes_one_ticket_one_mail_one_context()
    {
        await using var host = await GatewayHost.StartAsync();
        var first = await OpenAsync(host);
        var second = await OpenAsync(host);

        Assert.Equal(first, second);
        Assert.Equal(1, await host.TicketCountAsync());
        Assert.Single(await TemplatesAsync(host));
    }

    [Fact]
    public async Task Two_concurrent_identical_submissions_make_one_ticket()
    {
        await using var host = await GatewayHost.StartAsync();
        var contexts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync(host)));

        Assert.Single(contexts.Distinct());
        Assert.Equal(1, await host.TicketCountAsync());
        Assert.Single(await TemplatesAsync(host));
    }

    [Fact]
    public async Task Past_the_per_address_limit_a_429_carries_retry_after()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Gateway:RateLimit:PerAddressPerMinute"] = "3" });
        var client = host.CreateClient();
        var codes = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await client.PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen($"client{i}@example.com")));
            codes.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await ProblemAsync(last);
        Assert.Equal(3, await host.TicketCountAsync());
    }

    [Fact]
    public async Task Past_the_per_context_limit_a_429_carries_retry_after_and_other_tickets_go_on()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Gateway:RateLimit:PerContextPerMinute"] = "2" });
        var context = await OpenAsync(host);
        var other = await OpenAsync(host, "paul@lycee.example");
        var client = host.CreateClient();

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) codes.Add((await client.PostAsync("/api/forms/status", new FormUrlEncodedContent(Fields(context)))).StatusCode);
        var limited = await client.PostAsync("/api/forms/status", new FormUrlEncodedContent(Fields(context.ToLowerInvariant())));
        var otherTicket = await client.PostAsync("/api/forms/status", new FormUrlEncodedContent(Fields(other)));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, otherTicket.StatusCode);
    }

    [Fact]
    public async Task Open_with_files_files_them_as_documents_of_the_ticket()
    {
        await using var host = await GatewayHost.StartAsync();
        var content = Multipart(ValidOpen(), ("écran.jpg", "image/jpeg", Bytes(2000)), ("demo.mp4", "video/mp4", Bytes(5000)));

        var response = await host.CreateClient().PostAsync("/api/forms/open", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = host.Db();
        var documents = await db.Documents.OrderBy(d => d.Size).ToListAsync();
        Assert.Equal([2000L, 5000L], documents.Select(d => d.Size));
        Assert.Equal(["image/jpeg", "video/mp4"], documents.Select(d => d.MediaType));
        Assert.All(documents, d => Assert.True(File.Exists(Path.Combine(host.DocumentFolder, d.StoreId))));
    }

    [Fact]
    public async Task A_submission_sent_again_files_what_the_first_did_not_and_nothing_twice()
    {
        await using var host = await GatewayHost.StartAsync();
        var client = host.CreateClient();
        // The first sending's ticket was written, its files were not (the gateway stopped in between): same fields, no file.
        var first = await (await client.PostAsync("/api/forms/open", Multipart(ValidOpen()))).Content.ReadAsStringAsync();

        var again = await client.PostAsync("/api/forms/open",
            Multipart(ValidOpen(), ("écran.jpg", "image/jpeg", Bytes(2000)), ("demo.mp4", "video/mp4", Bytes(5000))));
        var third = await client.PostAsync("/api/forms/open",
            Multipart(ValidOpen(), ("écran.jpg", "image/jpeg", Bytes(2000)), ("demo.mp4", "video/mp4", Bytes(5000))));

        Assert.Equal(first, await again.Content.ReadAsStringAsync());
        Assert.Equal(first, await third.Content.ReadAsStringAsync());
        Assert.Equal(1, await host.TicketCountAsync());
        await using var db = host.Db();
        var documents = await db.Documents.OrderBy(d => d.Size).ToListAsync();
        Assert.Equal([2000L, 5000L], documents.Select(d => d.Size));
        Assert.Equal(2, Directory.GetFiles(host.DocumentFolder, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413_and_writes_nothing()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Documents:MaxBytes"] = "1000" });
        var content = Multipart(ValidOpen(), ("photo.jpg", "image/jpeg", Bytes(1001)));

        var response = await host.CreateClient().PostAsync("/api/forms/open", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("photo.jpg", (await ProblemAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(0, await host.RowCountAsync());
        Assert.Empty(Directory.GetFiles(host.DocumentFolder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_file_of_a_type_not_allowed_is_400_naming_files()
    {
        await using var host = await GatewayHost.StartAsync();
        var content = Multipart(ValidOpen(), ("setup.exe", "application/x-msdownload", Bytes(100)));

        var response = await host.CreateClient().PostAsync("/api/forms/open", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("FILES", out _));
        Assert.Equal(0, await host.RowCountAsync());
    }

    [Fact]
    public async Task No_answer_reveals_internal_detail()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sav"] = "Data Source=/nonexistent-folder/none.db;Mode=ReadOnly",
        });
        var response = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen()));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("Sqlite", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", body);
        Assert.DoesNotContain("nonexistent", body);
    }
}
