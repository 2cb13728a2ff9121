using System.Text;
using System.Text.RegularExpressions;
using MimeKit.Encodings;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>Files uuencoded inside a text body ("begin 644 photo.jpg" … "end"), as old mailers still send.</summary>
public static partial class Uuencode
{
    public sealed record Block(string Name, byte[] Content);

    /// <summary>The decoded blocks, and the text without them.</summary>
    public static (string Text, List<Block> Blocks) Extract(string text)
    {
        var blocks = new List<Block>();
        if (!text.Contains("begin ", StringComparison.Ordinal)) return (text, blocks);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var begin = Begin().Match(lines[i]);
            var end = begin.Success ? Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "end") : -1;
            if (end < 0)
            {
                kept.Add(lines[i]);
                continue;
            }
            blocks.Add(new Block(begin.Groups[1].Value.Trim(), Decode(lines.AsSpan(i + 1, end - i - 1))));
            i = end;
        }
        return (string.Join('\n', kept), blocks);
    }

    /// <summary>The lines between « begin » and « end », decoded by MimeKit's uudecoder.</summary>
    private static byte[] Decode(ReadOnlySpan<string> lines)
    {
        // uuencoded lines are ASCII; anything else in them is not part of the encoding.
        var input = Encoding.Latin1.GetBytes(string.Join('\n', lines.ToArray().Select(l => l.TrimEnd('\r'))) + "\n");
        var decoder = new UUDecoder(payloadOnly: true);
        var output = new byte[decoder.EstimateOutputLength(input.Length)];
        return output[..decoder.Decode(input, 0, input.Length, output)];
    }

    [GeneratedRegex(@"^begin [0-7]{3,4} (.+)$", RegexOptions.None, 200)]
    private static partial Regex Begin();
}
