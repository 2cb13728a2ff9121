using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Mail.Mailbox;
using Sav.Tests.Domain.Mail.Mailbox.MachineMail;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>Hundreds of messages mutated from the corpus (truncated, charsets swapped, boundaries broken, bytes flipped,
/// headers mangled): each ends with one recorded outcome, and none stops the run.</summary>
public class SweepFuzzTests
{
    private static readonly string[] Charsets = ["utf-7", "unknown-8bit", "x-bogus-charset", "utf-16", "utf-32", "iso-2022-jp", "\"\"", "utf-8\"; x=\""];

    private static byte[] Mutate(byte[] raw, Random random)
    {
        var text = Encoding.Latin1.GetString(raw);
        switch (random.Next(6))
        {
            case 0:
                return raw[..random.Next(1, raw.Length)];
            case 1:
                text = Regex.Replace(text, "charset=\"?[^\";\\r\\n]*\"?", _ => $"charset={Charsets[random.Next(Charsets.Length)]}", RegexOptions.IgnoreCase);
                if (!text.Contains("charset=", StringComparison.OrdinalIgnoreCase))
                    text = text.Replace("\r\n\r\n", $"\r\nContent-Type: text/plain; charset={Charsets[random.Next(Charsets.Length)]}\r\n\r\n");
                break;
            case 2:
                // A boundary line lost, or every boundary renamed in the header only.
                var lines = text.Split("\r\n").ToList();
                var boundaries = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("--")).Select(x => x.i).ToList();
                if (boundaries.Count > 0) lines.RemoveAt(boundaries[random.Next(boundaries.Count)]);
                text = Regex.Replace(string.Join("\r\n", lines), "boundary=\"?([^\";\\r\\n]+)\"?", "boundary=\"broken-$1\"", RegexOptions.IgnoreCase);
                break;
            case 3:
                var bytes = raw.ToArray();
                for (var i = 0; i < 1 + bytes.Length / 200; i++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 4:
                // The blank line between headers and body gone, or a header folded into garbage.
                text = random.Next(2) == 0 ? text.Replace("\r\n\r\n", "\r\n") : text.Replace("\r\nSubject:", "\r\n\tSubject:\r\n =?utf-8?B?####?=");
                break;
            default:
                text = text.Replace("Content-Transfer-Encoding: 7bit", "Content-Transfer-Encoding: base64")
                    .Replace("Content-Transfer-Encoding: base64", random.Next(2) == 0 ? "Content-Transfer-Encoding: quoted-printable" : "Content-Transfer-Encoding: x-uuencode");
                break;
        }
        return Encoding.Latin1.GetBytes(text);
    }

    [Fact]
    public async Task Three_hundred_mutated_messages_each_end_filed_ignored_unmatched_or_quarantined_and_the_reply_after_them_is_filed()
    {
        await using var harness = await SweepHarness.CreateAsync();
        var facts = new MailFacts(harness.Context, harness.SentMessageId, Mime.Customer);
        var corpus = MachineMailCorpusTests.All.Values.Select(c => Eml.Of(c.Template, facts))
            .Append(Mime.Bytes(Mime.Reply($"RE: Ticket N° {harness.Context}# - Écran", "Voici la photo", Mime.File("a.jpg", "image/jpeg", 6_000))))
            .Append(PoisonMail.Utf7Report(Mime.Customer))
            .Append(PoisonMail.Latin1Reply($"RE: {harness.Context}", "windows-1252", "latin"))
            .ToList();
        var random = new Random(20261206);
        var at = DateTime.UtcNow.AddHours(-1);
        const int count = 300;
        for (var i = 0; i < count; i++)
            File.SetLastWriteTimeUtc(harness.Drop(Mutate(corpus[random.Next(corpus.Count)], random), $"{i:000}.eml"), at.AddSeconds(i));
        var last = Mime.Reply($"RE: Ticket N° {harness.Context}# - Écran", "Après la tempête.", Mime.File("fin.jpg", "image/jpeg", 9_000));
        File.SetLastWriteTimeUtc(harness.Drop(last, "999.eml"), at.AddSeconds(count));

        var report = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(count + 1, report.Total);
        Assert.Empty(Directory.GetFiles(harness.Inbox, "*.eml"));
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(count + 1 - report.AlreadySeen, await db.InboundMails.CountAsync());
        Assert.Single(await db.ConversationEntries.Where(e => e.Text == "Après la tempête.").ToListAsync());
        Assert.Single(await db.Documents.Where(d => d.Name == "fin.jpg").ToListAsync());
        // What was set aside can be read again by an analyst: its raw copy is on disk.
        Assert.All(await db.InboundMails.Where(m => m.Outcome == InboundOutcome.Rejected || m.Outcome == InboundOutcome.Unmatched).ToListAsync(),
            m => Assert.True(File.Exists(m.RawPath), $"{m.MessageId}: no raw copy"));
    }
}
