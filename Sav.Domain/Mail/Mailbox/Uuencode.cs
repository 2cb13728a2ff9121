using System.Text.RegularExpressions;

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
            using var content = new MemoryStream();
            for (var j = i + 1; j < end; j++) DecodeLine(lines[j].TrimEnd('\r'), content);
            blocks.Add(new Block(begin.Groups[1].Value.Trim(), content.ToArray()));
            i = end;
        }
        return (string.Join('\n', kept), blocks);
    }

    private static void DecodeLine(string line, Stream output)
    {
        if (line.Length == 0) return;
        var length = (line[0] - 32) & 63;
        var written = 0;
        for (var i = 1; written < length && i < line.Length; i += 4)
        {
            int C(int k) => i + k < line.Length ? (line[i + k] - 32) & 63 : 0;
            int[] bytes = [C(0) << 2 | C(1) >> 4, (C(1) << 4 | C(2) >> 2) & 255, (C(2) << 6 | C(3)) & 255];
            foreach (var b in bytes)
            {
                if (written++ < length) output.WriteByte((byte)b);
            }
        }
    }

    [GeneratedRegex(@"^begin [0-7]{3,4} (.+)$", RegexOptions.None, 200)]
    private static partial Regex Begin();
}
