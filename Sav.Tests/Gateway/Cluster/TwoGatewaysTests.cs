using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Sav.Domain.Conversations;
using Sav.Tests.Servers;
using static Sav.Tests.Gateway.Forms.Submissions;

namespace Sav.Tests.Gateway.Cluster;

/// <summary>What a team meets the day it runs two gateways: Debian's nginx with the sample site in front of two gateway
/// processes (round robin) on one PostgreSQL, a real SMTP server and Dovecot; one gateway killed under load.</summary>
public class TwoGatewaysTests
{
    [Fact]
    public async Task A_thousand_submissions_with_one_gateway_killed_midway_each_answered_one_a_ticket_and_one_mail_and_every_reply_filed_once()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = await server.CreateDatabaseAsync();
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var dovecot = await Dovecot.StartAsync();
        var folder = Directory.CreateTempSubdirectory("sav-two-gateways-").FullName;
        try
        {
            Dictionary<string, string> Settings(string name)
            {
                var settings = GatewayProcess.Settings(server, database, Path.Combine(folder, name));
                foreach (var (key, value) in new Dictionary<string, string>
                {
                    ["Gateway:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
                    ["Gateway:RateLimit:PerAddressPerMinute"] = "100000",
                    ["Gateway:RateLimit:PerContextPerMinute"] = "100000",
                    ["Mail:Sender"] = "Smtp", ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = smtp.Port.ToString(),
                    ["Mail:Smtp:Security"] = "None", ["Mail:PerMinute"] = "100000", ["Mail:PerDay"] = "100000", ["Mail:BatchSize"] = "100",
                    // The mails the killed gateway had claimed are sent by the survivor once their lease ends.
                    ["Mail:ClaimLease"] = "00:00:05",
                    ["Mailbox:Reader"] = "Imap", ["Mailbox:Imap:Host"] = "127.0.0.1", ["Mailbox:Imap:Port"] = dovecot.Port.ToString(),
                    ["Mailbox:Imap:Security"] = "None", ["Mailbox:Imap:User"] = Dovecot.User, ["Mailbox:Imap:Password"] = Dovecot.Password,
                    ["Jobs:OutboxEvery"] = "00:00:01", ["Jobs:SweepEvery"] = "00:00:01", ["Jobs:CheckinInterval"] = "00:00:01",
                }) settings[key] = value;
                return settings;
            }
            using var first = await GatewayProcess.StartAsync(Settings("first"));
            using var second = await GatewayProcess.StartAsync(Settings("second"));
            await using (var db = database.CreateDbContext())
            {
                db.ProductFamilies.Add(new Sav.Domain.Catalog.ProductFamily { Code = "ECRANS", Name = "Écrans tactiles" });
                await db.SaveChangesAsync();
            }
            await using var nginx = await Nginx.StartAsync([first.Address, second.Address], Directory.CreateDirectory(Path.Combine(folder, "nginx")).FullName);
            using var client = new HttpClient(new HttpClientHandler
                { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
                { BaseAddress = nginx.Https };
            client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            // A form shown by one gateway process is accepted by the other: they share the key ring.
            var cookies = new CookieContainer();
            using (var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }))
            {
                var html = await browser.GetStringAsync(new Uri(first.Address, "/f/sav/open"));
                var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html,
                    "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
                using var posted = await browser.PostAsync(new Uri(second.Address, "/f/sav/open"), new FormUrlEncodedContent(
                    new Dictionary<string, string>
                    {
                        ["__RequestVerificationToken"] = token, ["EMAIL"] = "marie.durand@college-pasteur.example", ["NAME"] = "Marie Durand",
                        ["SUBJECT"] = "Écran ne s'allume plus", ["PRODUCT_FAMILY"] = "Écrans tactiles",
                    }));
                Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
                Assert.Contains("id=\"context\"", await posted.Content.ReadAsStringAsync());
            }
            // And through the proxy.
            var shown = await client.GetAsync("/f/sav/open");
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);

            var answered = new ConcurrentDictionary<string, (int Index, string Context)>();
            var refused = new ConcurrentBag<int>();
            var killed = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, _) =>
            {
                if (answered.Count >= 400 && Interlocked.Exchange(ref killed, 1) == 0) first.Kill();
                using var response = await client.PostAsync("/api/forms/open", new FormUrlEncodedContent(
                    ValidOpen($"client{i}@example.org").With("SUBJECT", $"Panne {i}")));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    // Cut while the killed gateway held it: not answered, so nothing was promised.
                    refused.Add((int)response.StatusCode);
                    return;
                }
                var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.True(answered.TryAdd(answer.GetProperty("ticket").GetString()!, (i, answer.GetProperty("context").GetString()!)),
                    "a code given twice");
            });
            Assert.Equal(1, killed);
            Assert.True(answered.Count >= 990, $"{answered.Count} answered, {refused.Count} refused ({string.Join(", ", refused.Distinct())})");
            Assert.All(refused, status => Assert.Equal(502, status));

            // Replies to twenty of the tickets, in the one mailbox the surviving gateway now sweeps.
            var replied = answered.Take(20).ToList();
            await dovecot.AppendAsync(replied.Select(a =>
            {
                var reply = new MimeMessage { Subject = $"RE: Ticket N° {a.Value.Context}# - Panne {a.Value.Index}", MessageId = $"reply-{a.Key}@example.org" };
                reply.From.Add(new MailboxAddress("Client", $"client{a.Value.Index}@example.org"));
                reply.Body = new TextPart("plain") { Text = $"Réponse pour {a.Key}" };
                return reply;
            }).ToArray());

            // Mails leave at some ten a second (one SMTP connection each): on a machine busy with other tests, minutes.
            await using var check = database.CreateDbContext();
            for (var waited = 0; ; waited += 500)
            {
                var filed = await check.ConversationEntries.CountAsync(e => e.Channel == Sav.Domain.Tickets.Channel.Email && e.Direction == Direction.FromCustomer);
                var waiting = await check.OutboxMessages.CountAsync(m => m.State != Sav.Domain.Mail.Outbox.OutboxState.Sent);
                if (waiting == 0 && smtp.Received.Count >= answered.Count && filed >= replied.Count || waited > 300_000) break;
                await Task.Delay(500);
            }

            var tickets = await check.Tickets.Select(t => new { t.Code, t.Subject }).ToDictionaryAsync(t => t.Code, t => t.Subject);
            foreach (var (code, (index, _)) in answered) Assert.Equal($"Panne {index}", tickets[code]);
            // One confirmation per ticket at the SMTP server, whichever gateway sent it: those of the tickets opened after the
            // kill only the survivor could send, its jobs carrying on.
            // A mail the killed gateway handed to the SMTP server but could not mark sent goes again, with the same
            // Message-ID (which receiving servers such as Gmail's take as one message): one Message-ID per ticket, and no
            // more sent twice than the killed gateway had claimed at once.
            var sent = smtp.Received.Select(m => MimeMessage.Load(new MemoryStream(m.Raw)))
                .Select(m => (Code: m.Subject!.Split("N° ")[1].Split('#')[0], m.MessageId)).ToList();
            var confirmations = sent.GroupBy(m => m.Code).ToDictionary(g => g.Key, g => g.Select(m => m.MessageId).Distinct().Count());
            Assert.All(confirmations, c => Assert.Equal(1, c.Value));
            Assert.Equal(tickets.Keys.Order(), confirmations.Keys.Order());
            Assert.InRange(sent.Count - confirmations.Count, 0, 100);
            foreach (var (code, _) in replied)
            {
                var texts = await check.ConversationEntries.Where(e => e.Ticket!.Code == code && e.Text!.StartsWith("Réponse pour")).CountAsync();
                Assert.True(texts == 1, $"the reply to {code} was filed {texts} times");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
