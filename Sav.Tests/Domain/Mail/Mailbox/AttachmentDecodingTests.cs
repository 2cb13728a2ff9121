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
    public async Task Base64_lines_of_any_length_give_back_the_file(int lineLength, string lineBreak, int size)
    {
        var file = Content(size);
        var stored = await SweepOneAsync("application/octet-stream", "base64", Base64Lines(file, lineLength, lineBreak) + lineBreak + lineBreak);

        Assert.Equal(file, stored);
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
