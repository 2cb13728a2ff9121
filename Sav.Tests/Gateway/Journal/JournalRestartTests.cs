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
            var settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Sav"] = server.ConnectionString(database.Name),
                ["Sav:ContextSecret"] = TestServices.Secret,
                ["Gateway:ApiKeys:0"] = GatewayHost.ApiKey,
                ["Gateway:Journal:Folder"] = Path.Combine(folder, "journal"),
                ["Gateway:Journal:Numbers"] = "30",
                ["Gateway:Journal:ReplayEvery"] = "00:00:00.200",
                ["Mail:PickupFolder"] = Path.Combine(folder, "pickup"),
                ["Documents:Folder"] = Path.Combine(folder, "documents"),
                ["Mailbox:Folder"] = Path.Combine(folder, "mailbox"),
                ["Mailbox:QuarantineFolder"] = Path.Combine(folder, "quarantine"),
                ["Jobs:OutboxEvery"] = "01:00:00",
                ["Jobs:SweepEvery"] = "01:00:00",
            };
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

            await server.RestartAsync();
            using var second = await GatewayProcess.StartAsync(settings);
            await WaitForAsync(async () =>
            {
                await using var db = database.CreateDbContext();
                return await db.ConversationEntries.AnyAsync(e => e.Text == "Le numéro de série est 42.");
            });

            await using var check = database.CreateDbContext();
            var tickets = await check.Tickets.Include(t => t.Documents).ToDictionaryAsync(t => t.Code);
            Assert.Equal(12, tickets.Count);
            foreach (var (subject, code) in answered) Assert.Equal(subject, tickets[code].Subject);
            Assert.Equal([2048, 2052, 2056], tickets.Values.SelectMany(t => t.Documents).Select(d => d.Size).Order());
            Assert.Equal(12, await check.OutboxMessages.CountAsync());
            Assert.Empty(Directory.GetDirectories(Path.Combine(folder, "journal", "files")));
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
