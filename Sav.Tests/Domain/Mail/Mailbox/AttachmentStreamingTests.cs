using System.Text;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Conversations;
using Sav.Domain.Mail.Mailbox;
using Sav.Domain.Mail.Templates;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>Attachments decoded as the store writes them: the stored file is the customer's, whatever the store reads at a
/// time; what fails halfway leaves no partial file; what turns out too large is reported as such, once.</summary>
public class AttachmentStreamingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(81920)]
    public void Base64_lines_decode_the_same_whatever_the_reader_takes_at_a_time(int readSize)
    {
        var file = Content(100_003);
        var encoded = Encoding.ASCII.GetBytes(Lines(file, 76) + "\r\n");
        using var stream = new Base64LineStream(encoded, InboundParser.DecodedLength(encoded)!.Value);

        var read = new MemoryStream();
        var buffer = new byte[readSize];
        int count;
        while ((count = stream.Read(buffer)) > 0) read.Write(buffer, 0, count);

        Assert.Equal(file.Length, stream.Length);
        Assert.Equal(file, read.ToArray());
    }

    /// <summary>Lines are taken by the length of the first where they allow it: lines of other lengths, LF alone, blank
    /// lines and a break where the first line's length does not put one decode the same.</summary>
    [Theory]
    [InlineData("uniform")]
    [InlineData("lf")]
    [InlineData("blank lines")]
    [InlineData("short first line")]
    [InlineData("a short line among long ones")]
    [InlineData("mixed lengths")]
    [InlineData("cr")]
    [InlineData("lines of 32")]
    [InlineData("lines of 57")]
    [InlineData("no final break")]
    public void Base64_lines_of_any_layout_decode_to_the_file(string layout)
    {
        var file = Content(50_001);
        var text = Convert.ToBase64String(file);
        var lines = layout switch
        {
            "uniform" or "lf" or "blank lines" or "cr" or "no final break" => text.Chunk(76).Select(c => new string(c)).ToList(),
            "lines of 32" => text.Chunk(32).Select(c => new string(c)).ToList(),
            "lines of 57" => text.Chunk(57).Select(c => new string(c)).ToList(),
            "short first line" => [text[..8], .. text[8..].Chunk(76).Select(c => new string(c))],
            "a short line among long ones" => [.. text[..7600].Chunk(76).Select(c => new string(c)), text[7600..7640], .. text[7640..].Chunk(76).Select(c => new string(c))],
            _ => Split(text, [76, 64, 4, 100, 76, 12, 3, 1]),
        };
        var separator = layout switch { "lf" => "\n", "cr" => "\r", "blank lines" => "\r\n\r\n", _ => "\r\n" };
        var encoded = Encoding.ASCII.GetBytes(string.Join(separator, lines) + (layout == "no final break" ? "" : separator));
        using var stream = new Base64LineStream(encoded, InboundParser.DecodedLength(encoded)!.Value);

        var read = new MemoryStream();
        stream.CopyTo(read, 1000);

        Assert.Equal(file, read.ToArray());
    }

    private static List<string> Split(string text, int[] lengths)
    {
        var lines = new List<string>();
        for (int at = 0, i = 0; at < text.Length; i++)
        {
            var length = Math.Min(lengths[i % lengths.Length], text.Length - at);
            lines.Add(text.Substring(at, length));
            at += length;
        }
        return lines;
    }

    [Fact]
    public void Going_back_as_a_resumable_upload_does_reads_the_same_bytes_again()
    {
        var file = Content(60_000);
        var encoded = Encoding.ASCII.GetBytes(Lines(file, 76));
        using var stream = new Base64LineStream(encoded, file.Length);
        stream.Position = 50_000;
        var tail = new byte[10_000];
        stream.ReadExactly(tail);

        stream.Position = 20_000;
        var middle = new byte[15_000];
        stream.ReadExactly(middle);

        Assert.Equal(file[50_000..], tail);
        Assert.Equal(file[20_000..35_000], middle);
    }

    [Fact]
    public async Task Base64_with_a_stray_line_after_the_first_chunk_is_stored_whole_by_the_tolerant_decoder_with_no_partial_file()
    {
        await using var harness = await SweepHarness.CreateAsync();
        var file = Content(40_000);
        var lines = Lines(file, 76).Split("\r\n").ToList();
        // Four stray characters: the count still looks like clean base64, the fast decoder finds out past its first chunk.
        lines.Insert(300, "!!!!");
        harness.Drop(Encoding.ASCII.GetBytes(Reply(harness.Context, "photo.bin", string.Join("\r\n", lines))));

        var report = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, report.Filed);
        await using var db = harness.Database.CreateDbContext();
        var document = await db.Documents.SingleAsync();
        Assert.Equal(file, await File.ReadAllBytesAsync(Path.Combine(harness.Documents.Folder, document.StoreId)));
        Assert.Equal(file.Length, document.Size);
        Assert.Single(Directory.GetFiles(harness.Documents.Folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Content_found_over_the_limit_while_stored_is_dropped_recorded_and_told_once()
    {
        await using var harness = await SweepHarness.CreateAsync();
        const long limit = 50_000;
        // Its base64 looks like 3 bytes; the tolerant decoder then gives far more than the limit.
        var attachment = new InboundAttachment("video.mp4", "video/mp4", 3,
            AttachmentContent.Base64("QUJ!"u8.ToArray(), 3, () => new MemoryStream(Content(200_000)), limit));
        var parsed = new ParsedMail { MessageId = $"{Guid.NewGuid():N}@customer.example", FromAddress = Mime.Customer, Text = "Voici la vidéo" };
        parsed.Attachments.Add(attachment);
        parsed.Attachments.Add(new InboundAttachment("photo.jpg", "image/jpeg", 4, AttachmentContent.Of([1, 2, 3, 4], limit)));

        var filed = await harness.Filer().FileAsync(parsed, new InboundMail { MessageId = parsed.MessageId, Mailbox = "test" },
            harness.Ticket.Id, Mime.Customer, CancellationToken.None);

        Assert.True(filed);
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(["photo.jpg"], await db.Documents.Select(d => d.Name).ToListAsync());
        Assert.Single(Directory.GetFiles(harness.Documents.Folder, "*", SearchOption.AllDirectories));
        var note = await db.ConversationEntries.SingleAsync(e => e.Direction == Direction.InternalNote);
        Assert.Contains("video.mp4", note.Text);
        var told = await db.OutboxMessages.SingleAsync(m => m.Template == nameof(MailTemplate.AttachmentTooLarge));
        Assert.Contains("video.mp4", told.Text);
    }

    private static byte[] Content(int size)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        return content;
    }

    private static string Lines(byte[] file, int lineLength) =>
        string.Join("\r\n", Convert.ToBase64String(file).Chunk(lineLength).Select(c => new string(c)));

    private static string Reply(string context, string name, string base64) => $"""
        From: Marie Durand <{Mime.Customer}>
        To: SAV <sav@example.com>
        Subject: RE: {context}
        Message-ID: <{Guid.NewGuid():N}@customer.example>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="frontiere"

        --frontiere
        Content-Type: text/plain; charset=utf-8

        Voici le fichier.
        --frontiere
        Content-Type: application/octet-stream; name="{name}"
        Content-Disposition: attachment; filename="{name}"
        Content-Transfer-Encoding: base64

        {base64}
        --frontiere--

        """.ReplaceLineEndings("\r\n");
}
