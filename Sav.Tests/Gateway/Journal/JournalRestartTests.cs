using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Journal;

public class JournalRestartTests
{
    [Fact]
    public async Task A_gateway_killed_with_submissions_in_its_journal_writes_them_when_it_starts_again()
    {
        var server = await PostgresServer.PrivateAsync();
        var folder = Directory.CreateTempSubdirectory("sav-journal-restart-").FullName;
        try
        {
            var database = await server.CreateDatabaseAsync();
            var settings = GatewayProcess.Settings(server, database, folder);
            settings["Gateway:Journal:Numbers"] = "30";
            // The mails go out once the database is back, from the gateway started while it was away.
            settings["Jobs:OutboxEvery"] = "00:00:01";
            settings["Jobs:CheckinInterval"] = "00:00:01";
            settings["Mail:PerMinute"] = "100";
            var answered = new List<(string Subject, string Code)>();
            using (var first = await GatewayProcess.StartAsync(settings))
            {
                // Its numbers reserved, and said to « Santé ».
                await WaitForAsync(async () =>
                {
                    await using var db = database.CreateDbContext();
                    return await db.GatewayJournals.AnyAsync(g => g.NumbersLeft == 30);
                });
                await server.CrashAsync();
                using var client = first.Client();
                for (var i = 0; i < 12; i++)
                {
                    var fields = ValidOpen($"client{i}@example.org").With("SUBJECT", $"Panne {i}");
                    HttpContent content = i % 4 == 0
                        ? Multipart(fields, ("photo.jpg", "image/jpeg", Bytes(2048 + i)))
                        : new FormUrlEncodedContent(fields);
                    var response = await client.PostAsync("/api/forms/open", content);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    answered.Add(($"Panne {i}", (await response.Content.ReadAsStringAsync()).Split('#')[0]));
                }
                var answer = await client.PostAsync("/api/forms/answer", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["API_KEY"] = GatewayHost.ApiKey, ["CONTEXT"] = new TicketContexts(TestServices.Secret).For(answered[3].Code).ToString(), ["ANSWER"] = "Le numéro de série est 42.",
                }));
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                first.Kill();
            }

            // Started again while the database is still away: it takes openings with the numbers it has left.
            using var second = await GatewayProcess.StartAsync(settings);
            using (var client = second.Client())
            {
                var health = await client.GetAsync("/health");
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Contains("does not answer", await health.Content.ReadAsStringAsync());
                var response = await client.PostAsync("/api/forms/open",
                    new FormUrlEncodedContent(ValidOpen("client12@example.org").With("SUBJECT", "Panne 12")));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                answered.Add(("Panne 12", (await response.Content.ReadAsStringAsync()).Split('#')[0]));
            }
            await server.RestartAsync();
            await WaitForAsync(async () =>
            {
                await using var db = database.CreateDbContext();
                // The answer, then the opening the restarted gateway took: the last two of the journal.
                return await db.ConversationEntries.AnyAsync(e => e.Text == "Le numéro de série est 42.")
                    && await db.Tickets.CountAsync() == 13;
            });

            await using var check = database.CreateDbContext();
            var tickets = await check.Tickets.Include(t => t.Documents).ToDictionaryAsync(t => t.Code);
            Assert.Equal(13, tickets.Count);
            foreach (var (subject, code) in answered) Assert.Equal(subject, tickets[code].Subject);
            Assert.Equal([2048, 2052, 2056], tickets.Values.SelectMany(t => t.Documents).Select(d => d.Size).Order());
            Assert.Equal(13, await check.OutboxMessages.CountAsync());
            Assert.Empty(Directory.GetDirectories(Path.Combine(folder, "journal", "files")));
            await WaitForAsync(async () =>
            {
                await using var db = database.CreateDbContext();
                return await db.OutboxMessages.CountAsync(m => m.State == Sav.Domain.Mail.Outbox.OutboxState.Sent) == 13;
            });
            Assert.Equal(13, Directory.GetFiles(Path.Combine(folder, "pickup"), "*.eml").Length);
            second.Kill();
        }
        finally
        {
            try { await server.CrashAsync(); } catch (InvalidOperationException) { }
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> done)
    {
        for (var waited = 0; !await done(); waited += 200)
        {
            if (waited > 60_000) throw new TimeoutException("The gateway did not get there in a minute.");
            await Task.Delay(200);
        }
    }
}
