using System.Text;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Mail.Mailbox;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>The bytes stored for an attachment are the customer's file, whatever the mailer's encoding and line layout.</summary>
public class AttachmentDecodingTests
{
    [Theory]
    [InlineData(76, "\r\n", 30_000)]
    [InlineData(76, "\n", 30_001)]
    [InlineData(61, "\r\n", 30_002)]
    [InlineData(64, "\r\n", 16_385)]
    [InlineData(73, "\n", 100_000)]
    [InlineData(4, "\r\n", 2_000)]
    [InlineData(1000, "\r\n", 50_000)]
    [InlineData(20_000, "\r\n", 60_000)]
    [InlineData(400_000, "\r\n", 300_000)]
    public async Task Base64_lines_of_any_length_give_back_the_file(int lineLength, string lineBreak, int size)
    {
        var file = Content(size);
        var stored = await SweepOneAsync("application/octet-stream", "base64", Base64Lines(file, lineLength, lineBreak) + lineBreak + lineBreak);

        Assert.Equal(file, stored);
    }

    [Theory]
    [InlineData("first line shorter")]
    [InlineData("a short line in the middle")]
    [InlineData("a long line in the middle")]
    [InlineData("the last line as long as the others")]
    [InlineData("blank lines at the end")]
    public async Task A_large_attachment_whose_lines_are_not_all_alike_gives_back_the_file(string layout)
    {
        var file = Content(layout == "the last line as long as the others" ? 57 * 6_000 : 400_001);
        var lines = Convert.ToBase64String(file).Chunk(76).Select(c => new string(c)).ToList();
        switch (layout)
        {
            case "first line shorter": lines = [lines[0][..40], lines[0][40..], .. lines[1..]]; break;
            case "a short line in the middle": lines = [.. lines[..3000], lines[3000][..20], lines[3000][20..], .. lines[3001..]]; break;
            case "a long line in the middle": lines = [.. lines[..3000], lines[3000] + lines[3001], .. lines[3002..]]; break;
            case "blank lines at the end": lines = [.. lines, "", ""]; break;
        }

        var stored = await SweepOneAsync("application/octet-stream", "base64", string.Join("\r\n", lines) + "\r\n");

        Assert.Equal(file, stored);
    }

    [Fact]
    public async Task A_large_photo_whose_first_line_is_short_is_not_taken_for_a_tracking_pixel()
    {
        var file = Content(300_000);
        var encoded = Convert.ToBase64String(file);
        var body = encoded[..4] + "\r\n" + string.Join("\r\n", encoded[4..].Chunk(76).Select(c => new string(c)));

        var stored = await SweepOneAsync("image/jpeg", "base64", body + "\r\n", inlineName: "photo.jpg");

        Assert.Equal(file, stored);
    }

    [Theory]
    [InlineData(76, "\r\n", 300_000)]
    [InlineData(76, "\r\n", 300_001)]
    [InlineData(76, "\r\n", 300_002)]
    [InlineData(64, "\n", 270_000)]
    [InlineData(76, "\r\n", 57 * 5_000)]
    public void The_size_of_base64_lines_is_counted_from_their_characters(int lineLength, string lineBreak, int size)
    {
        var encoded = Encoding.ASCII.GetBytes(Base64Lines(Content(size), lineLength, lineBreak) + lineBreak);

        Assert.Equal(size, InboundParser.DecodedLength(encoded));
    }

    [Fact]
    public async Task Base64_with_spaces_and_stray_characters_is_read_by_the_tolerant_decoder()
    {
        var file = Content(10_000);
        var lines = Base64Lines(file, 76, "\r\n").Split("\r\n");
        var messy = string.Join("\r\n", lines.Select((line, i) => i % 3 == 0 ? " " + line + "\t" : line));

        var stored = await SweepOneAsync("application/octet-stream", "base64", messy + "\r\n");

        Assert.Equal(file, stored);
    }

    [Fact]
    public async Task A_quoted_printable_attachment_gives_back_the_file()
    {
        var file = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"Ligne {i} : réparée = {new string('x', i % 90)}\r\n")));
        var encoded = new StringBuilder();
        using (var output = new MemoryStream())
        {
            using (var filtered = new MimeKit.IO.FilteredStream(output))
            {
                filtered.Add(MimeKit.IO.Filters.EncoderFilter.Create(MimeKit.ContentEncoding.QuotedPrintable));
                filtered.Write(file, 0, file.Length);
                filtered.Flush();
            }
            encoded.Append(Encoding.ASCII.GetString(output.ToArray()).ReplaceLineEndings("\r\n"));
        }

        var stored = await SweepOneAsync("text/csv", "quoted-printable", encoded.ToString());

        Assert.Equal(file, stored);
    }

    [Theory]
    [InlineData("8bit")]
    [InlineData("binary")]
    public async Task An_unencoded_attachment_gives_back_the_file(string encoding)
    {
        var text = string.Concat(Enumerable.Range(0, 300).Select(i => $"Numéro de série {i}: ÉCRAN-{i:0000}\r\n"));
        var file = Encoding.UTF8.GetBytes(text);

        var stored = await SweepOneAsync("text/plain", encoding, text, inlineName: "serie.txt");

        Assert.Equal(file, stored);
    }

    [Fact]
    public void The_fast_decoder_leaves_to_MimeKit_what_is_not_clean_base64()
    {
        Assert.Null(InboundParser.FastBase64("QUJD RA==\r\n"u8));
        Assert.Null(InboundParser.FastBase64("QUJD\r\nRA==\r\nQQ==\r\n"u8));
        Assert.Null(InboundParser.FastBase64("QUJ!\r\n"u8));
        Assert.Equal("ABCD"u8.ToArray(), InboundParser.FastBase64("QUJD\r\nRA==\r\n"u8)!);
        Assert.Equal("ABCDE"u8.ToArray(), InboundParser.FastBase64("QU\nJDREU=\n\n"u8)!);
        Assert.Equal(0, InboundParser.FastBase64(""u8)?.Length);
    }

    private static byte[] Content(int size)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        return content;
    }

    private static string Base64Lines(byte[] file, int lineLength, string lineBreak) =>
        string.Join(lineBreak, Convert.ToBase64String(file).Chunk(lineLength).Select(c => new string(c)));

    /// <summary>Sweeps one reply carrying the encoded part and returns the bytes of the document it stored.</summary>
    private static async Task<byte[]> SweepOneAsync(string mediaType, string encoding, string body, string inlineName = "fichier.bin")
    {
        await using var harness = await SweepHarness.CreateAsync();
        var raw = $"""
            From: Marie Durand <{Mime.Customer}>
            To: SAV <sav@example.com>
            Subject: RE: {harness.Context}
            Message-ID: <{Guid.NewGuid():N}@customer.example>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="frontiere"

            --frontiere
            Content-Type: text/plain; charset=utf-8

            Voici le fichier.
            --frontiere
            Content-Type: {mediaType}; name="{inlineName}"
            Content-Disposition: attachment; filename="{inlineName}"
            Content-Transfer-Encoding: {encoding}


            """.ReplaceLineEndings("\r\n");
        // The part's body goes in as it is, line breaks included: the line break before a boundary belongs to the boundary.
        harness.Drop(Encoding.UTF8.GetBytes(raw + body + "\r\n--frontiere--\r\n"));

        var report = await harness.Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, report.Filed);
        await using var db = harness.Database.CreateDbContext();
        var document = await db.Documents.SingleAsync();
        return await File.ReadAllBytesAsync(Path.Combine(harness.Documents.Folder, document.StoreId));
    }
}
