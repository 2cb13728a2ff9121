using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Sav.Domain.Conversations;
using Sav.Domain.Tickets;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Forms;

/// <summary>The API of the forms that carry a ticket context (status, close, reopen, answer): what each does, and a
/// context checked before the database.</summary>
public class ContextFormApiTests
{
    private static async Task<Ticket> TicketAsync(GatewayHost host)
    {
        await using var db = host.Db();
        return await db.Tickets.Include(t => t.Status).Include(t => t.Conversation).SingleAsync();
    }


    [Theory]
    [MemberData(nameof(Encodings), MemberType = typeof(Submissions))]
    public async Task Status_mails_the_status_and_the_last_public_messages(Submissions.Encoding encoding)
    {
        await using var host = await GatewayHost.StartAsync();
        var context = await OpenAsync(host);

        var response = await host.CreateClient().PostAsync("/api/forms/status",
            Encode(encoding, ContextFields(context.ToLowerInvariant() + " ", ("comment", "Des nouvelles ?"))));

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

        var response = await host.CreateClient().PostAsync("/api/forms/close", Encode(encoding, ContextFields(context, ("COMMENT", "Réglé, merci."))));

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
        (await client.PostAsync("/api/forms/close", new FormUrlEncodedContent(ContextFields(context)))).EnsureSuccessStatusCode();

        var response = await client.PostAsync("/api/forms/reopen", Encode(encoding, ContextFields(context, ("COMMENT", "Le problème revient."))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("b10", (await TicketAsync(host)).Status.Code);
        Assert.Equal("ReopeningConfirmation", (await TemplatesAsync(host)).Last());
    }

    [Fact]
    public async Task Reopen_on_an_open_ticket_changes_nothing_and_says_so()
    {
        await using var host = await GatewayHost.StartAsync();
        var context = await OpenAsync(host);

        var response = await host.CreateClient().PostAsync("/api/forms/reopen", new FormUrlEncodedContent(ContextFields(context)));

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
            Encode(encoding, ContextFields(context, ("Answer", "Le numéro de série est SN-42."))));

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

        var response = await host.CreateClient().PostAsync("/api/forms/answer", new FormUrlEncodedContent(ContextFields(context)));

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
            var response = await client.PostAsync($"/api/forms/{kind}", new FormUrlEncodedContent(ContextFields(candidate, ("ANSWER", "x"))));
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
        var response = await host.CreateClient().PostAsync("/api/forms/status", new FormUrlEncodedContent(ContextFields("AT73#00000")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
