using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sav.Domain.Google;
using Sav.Domain.Mail.Mailbox;
using Sav.Tests.Servers;

namespace Sav.Tests.Domain.Mail.Mailbox;

public class GmailReaderTests
{
    [Fact]
    public async Task Gmail_messages_are_read_raw_page_by_page_filed_and_labelled_so_the_query_no_longer_returns_them()
    {
        await using var google = await FakeGoogle.StartAsync();
        await using var harness = await SweepHarness.CreateAsync();
        var mailbox = new ConcurrentDictionary<string, byte[]>
        {
            ["m1"] = Mime.Bytes(Mime.Reply($"RE: Ticket N° {harness.Context}#", "Première réponse", Mime.File("photo.jpg", "image/jpeg", 60_000))),
            ["m2"] = Mime.Bytes(Mime.Reply($"RE: Ticket N° {harness.Context}#", "Deuxième réponse")),
            ["m3"] = Mime.Bytes(Mime.Reply("Hors sujet", "Bonjour")),
        };
        var labelled = new ConcurrentDictionary<string, string>();
        google.On("GET /gmail/v1/users/me/messages", (context, _) =>
        {
            // Newest first, two per page, like Gmail; labelled messages no longer match "-label:sav-filed".
            var left = mailbox.Keys.Where(id => !labelled.ContainsKey(id)).OrderDescending().ToList();
            var page = context.Request.Query["pageToken"] == "p2" ? left.Skip(2).ToList() : left.Take(2).ToList();
            var body = new JsonObject { ["messages"] = new JsonArray(page.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["threadId"] = "t" + id }).ToArray()) };
            if (context.Request.Query["pageToken"] != "p2" && left.Count > 2) body["nextPageToken"] = "p2";
            return context.Response.WriteAsync(body.ToJsonString());
        });
        google.On("GET /gmail/v1/users/me/messages/*", (context, request) =>
        {
            Assert.Equal("raw", context.Request.Query["format"]);
            var id = request.Path.Split('/').Last();
            var raw = Convert.ToBase64String(mailbox[id]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return context.Response.WriteAsJsonAsync(new { id, raw });
        });
        google.On("GET /gmail/v1/users/me/labels", (context, _) => context.Response.WriteAsJsonAsync(new { labels = new[] { new { id = "INBOX", name = "INBOX" } } }));
        google.On("POST /gmail/v1/users/me/labels", (context, request) =>
            context.Response.WriteAsJsonAsync(new { id = "Label_7", name = (string?)request.Json!["name"] }));
        google.On("POST /gmail/v1/users/me/messages/*", (context, request) =>
        {
            var id = request.Path.Split('/')[^2];
            labelled[id] = request.BodyText;
            return context.Response.WriteAsJsonAsync(new { id });
        });
        var clients = new GoogleClients(Options.Create(new GoogleOptions
        {
            ServiceAccountJson = google.ServiceAccountJson(), User = "sav@lumeo.example", GmailBaseUrl = google.BaseUrl,
        }));
        using var reader = new GmailMailboxReader(clients, Options.Create(harness.Mailbox));

        var first = await harness.Sweeper(reader).SweepAsync(CancellationToken.None);
        var second = await harness.Sweeper(reader).SweepAsync(CancellationToken.None);

        Assert.Equal((2, 1), (first.Filed, first.Unmatched));
        Assert.Equal(0, second.Total);
        Assert.Equal(["m1", "m2", "m3"], labelled.Keys.Order());
        Assert.All(labelled.Values, body =>
        {
            var json = JsonNode.Parse(body)!;
            Assert.Equal("Label_7", (string?)json["addLabelIds"]![0]);
            Assert.Equal("UNREAD", (string?)json["removeLabelIds"]![0]);
        });
        Assert.Single(google.Requests, r => r.Method == "POST" && r.Path == "/gmail/v1/users/me/labels");
        Assert.Contains(google.Requests, r => r.Path == "/gmail/v1/users/me/messages" && Uri.UnescapeDataString(r.Query).Contains("q=in:inbox -label:sav-filed"));
        Assert.Contains(google.Requests, r => r.Query.Contains("pageToken=p2"));
        Assert.Equal(GoogleClients.GmailModifyScope, (string?)google.TokenClaims.First()["scope"]);
        await using var db = harness.Database.CreateDbContext();
        // Oldest first: the first reply is filed before the second.
        var texts = await db.ConversationEntries.Where(e => e.InboundMailId != null).OrderBy(e => e.InboundMailId).Select(e => e.Text).ToListAsync();
        Assert.Equal(["Première réponse", "Deuxième réponse"], texts);
        Assert.Equal("photo.jpg", (await db.Documents.SingleAsync()).Name);
        Assert.All(await db.InboundMails.ToListAsync(), m => Assert.Equal("gmail:sav@lumeo.example", m.Mailbox));
    }
}
