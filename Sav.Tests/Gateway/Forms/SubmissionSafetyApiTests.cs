using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Sav.Domain.Conversations;
using Sav.Domain.Tickets;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Forms;

/// <summary>What every submission through the forms' API shares: sent twice or at once it makes one ticket and one
/// mail, the per-address and per-context limits, files filed once and refused when too large or of a kind not allowed,
/// and no answer that shows the gateway's insides.</summary>
public class SubmissionSafetyApiTests
{
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
        for (var i = 0; i < 3; i++) codes.Add((await client.PostAsync("/api/forms/status", new FormUrlEncodedContent(ContextFields(context)))).StatusCode);
        var limited = await client.PostAsync("/api/forms/status", new FormUrlEncodedContent(ContextFields(context.ToLowerInvariant())));
        var otherTicket = await client.PostAsync("/api/forms/status", new FormUrlEncodedContent(ContextFields(other)));

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

        // A database that cannot be opened, and no ticket number reserved to journal the opening: try again later.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("Sqlite", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", body);
        Assert.DoesNotContain("nonexistent", body);
    }
}
