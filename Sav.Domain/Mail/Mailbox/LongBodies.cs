using System.Buffers;
using MimeKit;
using MimeKit.IO;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>Parses a message whose bodies hold long runs of base64 lines (photos, videos) without MimeKit reading
/// those runs line by line: MimeKit parses a copy of the message with the middle of each run left out, then every
/// part's content is pointed back at the message's own bytes.
///
/// The structure cannot change when each left-out range falls inside a part's content in the copy (checked after the
/// parse, or the message is parsed again whole): MimeKit then reads the lines before it the same way in both, is in that
/// part's content when the range starts, and inside a content only a line starting with "--" can change anything, while
/// a base64 line holds no '-'. From there on both hold the same bytes.</summary>
internal static class LongBodies
{
    /// <summary>Runs shorter than this are parsed as they are: the copy would cost more than it saves.</summary>
    public const int MinimumLeftOut = 32 * 1024;

    private static readonly SearchValues<byte> Base64Lines =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n"u8);

    /// <summary>The message, parsed from a copy without the middle of its long base64 runs when it has any.</summary>
    public static MimeMessage Load(ParserOptions options, byte[] raw, int length, CancellationToken cancellationToken) =>
        TryLoadShortened(options, raw, length, MinimumLeftOut, cancellationToken)
        ?? MimeMessage.Load(options, new MemoryStream(raw, 0, length, writable: false, publiclyVisible: true), persistent: true, cancellationToken);

    /// <summary>The message parsed from the shortened copy, its parts' contents pointed back at <paramref name="raw"/>;
    /// null when nothing is long enough to leave out, or when a range left out was not inside a content.</summary>
    internal static MimeMessage? TryLoadShortened(ParserOptions options, byte[] raw, int length, int minimumLeftOut, CancellationToken cancellationToken)
    {
        var leftOut = LeftOut(raw.AsSpan(0, length), minimumLeftOut);
        if (leftOut.Count == 0) return null;
        var view = new View(raw.AsSpan(0, length), leftOut);
        MimeMessage message;
        // What MimeKit refuses is left to the parse of the whole message, which says so itself.
        try { message = MimeMessage.Load(options, view.Stream, persistent: true, cancellationToken); }
        catch (FormatException) { return null; }
        var contents = new List<(MimePart Part, BoundStream Window)>();
        if (!Contents(message.Body, view, contents) || !view.InsideContents(contents)) return null;
        var whole = new MemoryStream(raw, 0, length, writable: false, publiclyVisible: true);
        foreach (var (part, window) in contents) Repoint(part, window, view, whole);
        return message;
    }

    /// <summary>The ranges to leave out, in order: the lines strictly between the first and the last non-blank line of
    /// each run of lines made of base64 characters only.</summary>
    internal static List<(int Start, int End)> LeftOut(ReadOnlySpan<byte> raw, int minimumLeftOut)
    {
        var ranges = new List<(int, int)>();
        var start = 0;
        while (start < raw.Length)
        {
            var found = raw[start..].IndexOfAnyExcept(Base64Lines);
            var stop = found < 0 ? raw.Length : start + found;
            // The run's lines end where the line holding the stop starts, or with the message.
            var end = found < 0 ? raw.Length : start + raw[start..stop].LastIndexOf((byte)'\n') + 1;
            if (end - start > minimumLeftOut)
            {
                var lines = raw[start..end];
                var first = lines.IndexOfAnyExcept((byte)'\r', (byte)'\n');
                var last = lines.LastIndexOfAnyExcept((byte)'\r', (byte)'\n');
                if (first >= 0 && lines[first..].IndexOf((byte)'\n') is var firstBreak and >= 0)
                {
                    var firstEnd = start + first + firstBreak + 1;
                    var lastStart = start + lines[..last].LastIndexOf((byte)'\n') + 1;
                    if (lastStart - firstEnd >= minimumLeftOut) ranges.Add((firstEnd, lastStart));
                }
            }
            // The next run starts on the line after the stop's: a text is searched for its line ends, not byte by byte.
            start = found < 0 ? raw.Length : raw[stop..].IndexOf((byte)'\n') is var lf and >= 0 ? stop + lf + 1 : raw.Length;
        }
        return ranges;
    }

    /// <summary>The copy without the left-out ranges, and where each of its pieces comes from.</summary>
    private sealed class View
    {
        public byte[] Bytes { get; }
        public MemoryStream Stream { get; }
        private readonly long[] _starts;
        private readonly long[] _origins;

        public View(ReadOnlySpan<byte> raw, List<(int Start, int End)> leftOut)
        {
            Bytes = new byte[raw.Length - leftOut.Sum(r => r.End - r.Start)];
            _starts = new long[leftOut.Count + 1];
            _origins = new long[leftOut.Count + 1];
            var (from, to) = (0, 0);
            for (var i = 0; i <= leftOut.Count; i++)
            {
                var until = i < leftOut.Count ? leftOut[i].Start : raw.Length;
                (_starts[i], _origins[i]) = (to, from);
                raw[from..until].CopyTo(Bytes.AsSpan(to));
                to += until - from;
                if (i < leftOut.Count) from = leftOut[i].End;
            }
            Stream = new MemoryStream(Bytes, writable: false);
        }

        /// <summary>The message's offset for an offset in the copy. Where a range was left out, the offset after it: a
        /// content ending there ends after the range too, and none starts there (checked by <see cref="InsideContents"/>).</summary>
        public long Origin(long offset)
        {
            var piece = Array.BinarySearch(_starts, offset);
            if (piece < 0) piece = ~piece - 1;
            return _origins[piece] + (offset - _starts[piece]);
        }

        /// <summary>True when each place a range was left out is inside a part's content: after its start, and not after its end.</summary>
        public bool InsideContents(List<(MimePart Part, BoundStream Window)> contents)
        {
            for (var cut = 1; cut < _starts.Length; cut++)
            {
                var at = _starts[cut];
                if (!contents.Any(c => c.Window.StartBoundary < at && at <= (c.Window.EndBoundary < 0 ? Bytes.Length : c.Window.EndBoundary)))
                    return false;
            }
            return true;
        }
    }

    /// <summary>The parts with a content, in order; false when a content is not a window on the copy.</summary>
    private static bool Contents(MimeEntity? entity, View view, List<(MimePart Part, BoundStream Window)> contents)
    {
        switch (entity)
        {
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    if (!Contents(child, view, contents)) return false;
                }
                return true;
            case MessagePart message:
                return Contents(message.Message?.Body, view, contents);
            case MimePart { Content: null }:
                return true;
            case MimePart { Content.Stream: BoundStream window } part when window.BaseStream == view.Stream:
                contents.Add((part, window));
                return true;
            case MimePart:
                return false;
            default:
                return true;
        }
    }

    private static void Repoint(MimePart part, BoundStream window, View view, MemoryStream whole)
    {
        var copied = part.Content!;
        var end = window.EndBoundary < 0 ? -1 : view.Origin(window.EndBoundary);
        part.Content = new MimeContent(new BoundStream(whole, view.Origin(window.StartBoundary), end, leaveOpen: true), copied.Encoding)
        {
            NewLineFormat = copied.NewLineFormat,
        };
    }
}
