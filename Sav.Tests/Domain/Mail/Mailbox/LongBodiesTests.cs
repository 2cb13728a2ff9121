using System.Text;
using MimeKit;
using Sav.Domain.Mail.Mailbox;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>A message whose long base64 runs MimeKit is spared reads exactly as the same message parsed whole: the same
/// parts, headers, preambles, and the same bytes in every part.</summary>
public class LongBodiesTests
{
    [Theory]
    [MemberData(nameof(Corpus.Names), MemberType = typeof(Corpus))]
    public async Task Each_message_of_the_corpus_reads_the_same_with_every_run_shortened(string name)
    {
        await using var harness = await SweepHarness.CreateAsync();
        var raw = Corpus.Cases[name].Build(harness);

        // Every run of two lines or more is shortened, not only long ones.
        var shortened = LongBodies.TryLoadShortened(InboundParser.Options, raw, raw.Length, minimumLeftOut: 1, CancellationToken.None);

        if (shortened is not null) AssertSame(Whole(raw), shortened);
    }

    public static TheoryData<string> Layouts => new(Messages.Keys);

    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_message_reads_the_same_shortened_or_whole(string name)
    {
        var (raw, shortenable) = Messages[name]();

        var shortened = LongBodies.TryLoadShortened(InboundParser.Options, raw, raw.Length, LongBodies.MinimumLeftOut, CancellationToken.None);
        var loaded = InboundParser.Load(raw, raw.Length, CancellationToken.None);

        Assert.Equal(shortenable, shortened is not null);
        AssertSame(Whole(raw), loaded);
        if (shortened is not null) AssertSame(Whole(raw), shortened);
    }

    [Fact]
    public void Only_the_middle_of_a_long_run_is_left_out()
    {
        var (raw, _) = Messages["photo, CR LF lines"]();
        var text = Encoding.ASCII.GetString(raw);
        var firstLine = text.IndexOf("\r\n\r\n", text.IndexOf("image/jpeg", StringComparison.Ordinal), StringComparison.Ordinal) + 4;

        var range = Assert.Single(LongBodies.LeftOut(raw, LongBodies.MinimumLeftOut));

        Assert.Equal(text.IndexOf("\r\n", firstLine, StringComparison.Ordinal) + 2, range.Start);
        Assert.Equal(text.LastIndexOf("\r\n", text.IndexOf("\r\n--frontiere--", StringComparison.Ordinal) - 1, StringComparison.Ordinal) + 2, range.End);
    }

    private static readonly Dictionary<string, Func<(byte[] Raw, bool Shortenable)>> Messages = new()
    {
        ["photo, CR LF lines"] = () => (Mixed(Part("image/jpeg", "base64", Base64(300_000, 76, "\r\n"))), true),
        ["video, LF lines"] = () => (Mixed(Part("video/mp4", "base64", Base64(400_000, 76, "\n")), lineBreak: "\n"), true),
        ["blank lines inside and after the base64"] = () => (Mixed(Part("image/png", "base64",
            Base64(100_000, 76, "\r\n") + "\r\n\r\n" + Base64(100_000, 64, "\r\n") + "\r\n\r\n\r\n")), true),
        ["two photos and a text"] = () => (Mixed(Part("image/jpeg", "base64", Base64(200_000, 76, "\r\n")),
            Part("text/plain; charset=utf-8", "8bit", "Voici les photos.\r\n-- \r\nMarie"), Part("image/jpeg", "base64", Base64(150_000, 72, "\r\n"))), true),
        ["no closing boundary, no final line break"] = () =>
            (Raw(Headers("multipart/mixed; boundary=\"frontiere\"") + "\r\n--frontiere\r\n" + Part("image/jpeg", "base64", Base64(200_000, 76, "\r\n"))), true),
        ["a single base64 body"] = () => (Raw(Headers("image/jpeg") + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64(200_000, 76, "\r\n") + "\r\n"), true),
        ["a text whose lines look like base64"] = () => (Mixed(Part("text/plain; charset=us-ascii", "7bit", Base64(150_000, 60, "\r\n"))), true),
        ["a forwarded message carrying a video"] = () => (Mixed(Part("message/rfc822", "7bit",
            Headers("multipart/mixed; boundary=\"interieure\"") + "\r\n--interieure\r\n" + Part("video/mp4", "base64", Base64(300_000, 76, "\r\n"))
            + "\r\n--interieure--\r\n")), true),
        ["a photo inside multipart/related inside multipart/mixed"] = () => (Mixed(Part("multipart/related; boundary=\"liee\"", "7bit",
            "--liee\r\n" + Part("text/html; charset=utf-8", "8bit", "<p>Voir l'image</p>") + "\r\n--liee\r\n"
            + Part("image/png", "base64", Base64(250_000, 76, "\r\n"), "Content-ID: <logo@x>\r\n") + "\r\n--liee--\r\n")), true),
        ["a part without headers"] = () => (Mixed("\r\n" + Base64(200_000, 76, "\r\n")), true),
        // Without the blank line either: the lines are headers, which MimeKit skips one by one.
        ["base64 lines where the part's headers should be"] = () => (Mixed(Base64(200_000, 76, "\r\n")), false),
        ["base64 lines before the part's real headers"] = () => (Mixed(Base64(100_000, 76, "\r\n") + "\r\n" + Part("image/jpeg", "base64", Base64(1_000, 76, "\r\n"))), false),
        ["a long preamble of base64 lines"] = () =>
            (Raw(Headers("multipart/mixed; boundary=\"frontiere\"") + "\r\n" + Base64(200_000, 76, "\r\n") + "\r\n--frontiere\r\n" + Part("image/jpeg", "base64", Base64(1_000, 76, "\r\n")) + "\r\n--frontiere--\r\n"), false),
        ["a long epilogue of base64 lines"] = () =>
            (Raw(Headers("multipart/mixed; boundary=\"frontiere\"") + "\r\n--frontiere\r\n" + Part("image/jpeg", "base64", Base64(1_000, 76, "\r\n")) + "\r\n--frontiere--\r\n" + Base64(200_000, 76, "\r\n")), false),
        ["lines broken by a lone CR"] = () => (Mixed(Part("image/jpeg", "base64", Base64(200_000, 76, "\r"))), false),
        ["a line starting with a dash inside the base64"] = () => (Mixed(Part("image/jpeg", "base64",
            Base64(100_000, 76, "\r\n") + "\r\n-not-a-boundary\r\n" + Base64(100_000, 76, "\r\n"))), true),
        ["short attachments only"] = () => (Mixed(Part("image/jpeg", "base64", Base64(20_000, 76, "\r\n"))), false),
    };

    private static string Headers(string contentType) =>
        $"From: Marie Durand <{Mime.Customer}>\r\nSubject: RE: dossier\r\nMessage-ID: <{Guid.NewGuid():N}@customer.example>\r\nMIME-Version: 1.0\r\nContent-Type: {contentType}\r\n";

    private static string Part(string contentType, string encoding, string body, string extraHeaders = "") =>
        $"Content-Type: {contentType}\r\nContent-Transfer-Encoding: {encoding}\r\n{extraHeaders}\r\n{body}";

    private static byte[] Mixed(params string[] parts) => Mixed(parts, "\r\n");

    private static byte[] Mixed(string part, string lineBreak) => Mixed([part], lineBreak);

    private static byte[] Mixed(string[] parts, string lineBreak)
    {
        var text = Headers("multipart/mixed; boundary=\"frontiere\"") + "\r\n" + string.Concat(parts.Select(p => "--frontiere\r\n" + p + "\r\n")) + "--frontiere--\r\n";
        return Encoding.ASCII.GetBytes(lineBreak == "\r\n" ? text : text.Replace("\r\n", lineBreak));
    }

    private static byte[] Raw(string text) => Encoding.ASCII.GetBytes(text);

    private static string Base64(int size, int lineLength, string lineBreak)
    {
        var bytes = new byte[size];
        new Random(size + lineLength).NextBytes(bytes);
        return string.Join(lineBreak, Convert.ToBase64String(bytes).Chunk(lineLength).Select(c => new string(c)));
    }

    private static MimeMessage Whole(byte[] raw) => MimeMessage.Load(InboundParser.Options, new MemoryStream(raw), persistent: true);

    private static void AssertSame(MimeMessage expected, MimeMessage actual)
    {
        Assert.Equal(HeaderLines(expected.Headers), HeaderLines(actual.Headers));
        AssertSame(expected.Body, actual.Body, "body");
    }

    private static void AssertSame(MimeEntity? expected, MimeEntity? actual, string path)
    {
        Assert.True(expected?.GetType() == actual?.GetType(), $"{path}: {expected?.GetType().Name} against {actual?.GetType().Name}");
        if (expected is null || actual is null) return;
        Assert.Equal(HeaderLines(expected.Headers), HeaderLines(actual.Headers));
        switch (expected)
        {
            case Multipart multipart:
                var other = (Multipart)actual;
                Assert.Equal(multipart.Preamble, other.Preamble);
                Assert.Equal(multipart.Epilogue, other.Epilogue);
                Assert.Equal(multipart.Count, other.Count);
                for (var i = 0; i < multipart.Count; i++) AssertSame(multipart[i], other[i], $"{path}/{i}");
                break;
            case MessagePart message:
                var (inner, actualInner) = (message.Message, ((MessagePart)actual).Message);
                Assert.Equal(inner is null, actualInner is null);
                if (inner is not null) AssertSame(inner, actualInner!);
                break;
            case MimePart part:
                var actualPart = (MimePart)actual;
                Assert.True(Bytes(part.Content, decode: false).SequenceEqual(Bytes(actualPart.Content, decode: false)), $"{path}: the content differs");
                Assert.True(Bytes(part.Content, decode: true).SequenceEqual(Bytes(actualPart.Content, decode: true)), $"{path}: the decoded content differs");
                break;
        }
    }

    private static string[] HeaderLines(HeaderList headers) => headers.Select(h => $"{h.Field}: {h.Value}").ToArray();

    private static byte[] Bytes(IMimeContent? content, bool decode)
    {
        if (content is null) return [];
        using var output = new MemoryStream();
        if (decode) content.DecodeTo(output);
        else content.WriteTo(output);
        return output.ToArray();
    }
}
