using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Journal;
using Sav.Domain.Mail.Templates;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Journal;

/// <summary>The database away under load: a real PostgreSQL of the test's own, stopped as a crash would stop it.</summary>
public class OutageTests
{
    private static Dictionary<string, string?> OnPostgres(PostgresServer server, PostgresTestDatabase database, string? journal = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Sav"] = server.ConnectionString(database.Name),
            ["Gateway:Journal:Numbers"] = "400",
        };
        if (journal is not null) settings["Gateway:Journal:Folder"] = journal;
        return settings;
    }

    private static HttpClient JsonClient(GatewayHost gateway)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    private static async Task WaitForAsync(Func<bool> done, string what)
    {
        for (var waited = TimeSpan.Zero; !done(); waited += TimeSpan.FromMilliseconds(100))
        {
            if (waited > TimeSpan.FromSeconds(90)) throw new TimeoutException($"Still waiting for {what}.");
            await Task.Delay(100);
        }
    }

    private static async Task<string> HealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return health.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database")
            .GetProperty("description").GetString()!;
    }

    [Fact]
    public async Task Every_submission_answered_while_PostgreSQL_crashes_becomes_its_ticket_once_when_it_is_back()
    {
        var server = await PostgresServer.PrivateAsync();
        try
        {
            var database = await server.CreateDatabaseAsync(); // goes with its cluster
            await using var gateway = await GatewayHost.StartAsync(OnPostgres(server, database));
            var outage = gateway.Service<OutageJournal>();
            await WaitForAsync(() => outage.Journal.NumbersLeft >= 400, "the gateway's reserved numbers");
            var client = JsonClient(gateway);

            var answered = new ConcurrentBag<(int Index, string Code, string Context)>();
            var failures = new ConcurrentBag<string>();
            var crash = new TaskCompletionSource();
            Task? crashing = null;
            await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                if (i == 60) crashing = server.CrashAsync().ContinueWith(t => crash.TrySetResult());
                if (i == 120) await crash.Task;
                var response = await client.PostAsync("/api/forms/open", new FormUrlEncodedContent(
                    ValidOpen($"client{i}@example.org").With("SUBJECT", $"Panne n° {i}")));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return;
                }
                var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
                answered.Add((i, answer.GetProperty("ticket").GetString()!, answer.GetProperty("context").GetString()!));
            });
            await crashing!;

            // Every opening was answered, each with a code of its own.
            Assert.Empty(failures);
            Assert.Equal(200, answered.Count);
            Assert.Equal(200, answered.Select(a => a.Code).Distinct().Count());
            Assert.True(outage.Journal.Waiting.Count >= 80, $"{outage.Journal.Waiting.Count} journalled");

            // While it is away: the load balancer still sends submissions here, a status waits, a close is kept.
            Assert.Contains("does not answer", await HealthAsync(client));
            var first = answered.OrderBy(a => a.Index).First();
            var last = answered.OrderBy(a => a.Index).Last();
            var status = await client.PostAsync("/api/forms/status", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["API_KEY"] = GatewayHost.ApiKey, ["CONTEXT"] = first.Context }));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status.StatusCode);
            Assert.NotNull(status.Headers.RetryAfter);
            Assert.Contains("momentanément indisponible", await status.Content.ReadAsStringAsync());
            var close = await client.PostAsync("/api/forms/close", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["API_KEY"] = GatewayHost.ApiKey, ["CONTEXT"] = last.Context, ["COMMENT"] = "Réparé tout seul" }));
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
            Assert.Equal(OutageJournal.ReceivedStatus, (await close.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

            await server.RestartAsync();
            await WaitForAsync(() => !outage.Holding, "the journal's replay");

            await using var db = database.CreateDbContext();
            var tickets = await db.Tickets.Include(t => t.Status).Include(t => t.Contact).ToListAsync();
            var byCode = tickets.ToDictionary(t => t.Code);
            foreach (var (index, code, _) in answered)
            {
                Assert.True(byCode.TryGetValue(code, out var ticket), $"{code} (submission {index}) is missing");
                Assert.Equal($"Panne n° {index}", ticket.Subject);
                Assert.Equal($"client{index}@example.org", ticket.Contact!.Email);
            }
            Assert.Equal(WellKnownStatus.Closed, byCode[last.Code].Status.Code);
            var confirmations = await db.OutboxMessages.Where(m => m.Template == nameof(MailTemplate.OpeningConfirmation))
                .GroupBy(m => m.TicketId).Select(g => g.Count()).ToListAsync();
            Assert.All(confirmations, count => Assert.Equal(1, count));
            Assert.Equal(tickets.Count, confirmations.Count);
            Assert.Equal(200, tickets.Count);
            Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Template == nameof(MailTemplate.ClosingConfirmation)));
            Assert.Contains("answers", await HealthAsync(client));
            await WaitForAsync(() => db.GatewayJournals.AsNoTracking().Any(g => g.Waiting == 0), "the journal's report");
        }
        finally
        {
            // Stopped here (its exit handler only stops what is still running).
            try { await server.CrashAsync(); } catch (InvalidOperationException) { }
        }
    }
}
