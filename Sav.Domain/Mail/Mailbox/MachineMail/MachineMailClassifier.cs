using MimeKit;

namespace Sav.Domain.Mail.Mailbox.MachineMail;

public enum MachineKind { Person, AutoReply, DeliveryFailure, ProviderNotice, ListNotice }

/// <summary>The classifier's answer: the points it found and the signals that gave them, strongest first.</summary>
public sealed record MachineVerdict(int Score, MachineKind Kind, IReadOnlyList<string> Signals)
{
    public bool IsMachine => Score >= MachineMailClassifier.Threshold;
    public string Reason => $"{Label(Kind)}: {string.Join(", ", Signals)} (score {Score})";

    private static string Label(MachineKind kind) => kind switch
    {
        MachineKind.AutoReply => "auto-reply",
        MachineKind.DeliveryFailure => "delivery failure",
        MachineKind.ProviderNotice => "provider notification",
        MachineKind.ListNotice => "list or system notice",
        _ => "person",
    };
}

/// <summary>Tells machine mail (delivery failures, auto-replies, provider and list notices) from what a person wrote, by
/// adding up what the sender, the subject, the headers, the structure and the first lines of the text say. No single
/// weak sign decides: a customer called « Postmaster Général », a subject saying « automatique », a reply quoting a
/// bounce are still a person's. Only the first few KB of the first text part are read, so that the sweep stays fast.</summary>
public static class MachineMailClassifier
{
    public const int Threshold = 10;
    /// <summary>The characters of text looked at: machines say what they are at the top.</summary>
    public const int TextWindow = 4096;

    public static MachineVerdict Classify(MimeMessage message, bool subjectHasContext)
    {
        var score = new Tally();
        Headers(message.Headers, subjectHasContext, score);
        Sender(message, score);
        Subject(message.Subject, score);
        var text = Structure(message.Body, score);
        if (text is not null) Text(text, score);
        return score.Verdict();
    }

    private static void Headers(HeaderList headers, bool subjectHasContext, Tally score)
    {
        var autoSubmitted = headers[HeaderId.AutoSubmitted]?.Split(';')[0].Trim();
        if (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.Equals("no", StringComparison.OrdinalIgnoreCase))
            score.Add(Threshold, MachineKind.AutoReply, $"Auto-Submitted {autoSubmitted}");
        if (headers.Contains("X-Autoreply")) score.Add(Threshold, MachineKind.AutoReply, "X-Autoreply");
        if (headers.Contains("X-Autorespond")) score.Add(Threshold, MachineKind.AutoReply, "X-Autorespond");
        if (headers.Contains("X-MS-Exchange-Generated-Message-Source"))
            score.Add(Threshold, MachineKind.AutoReply, "X-MS-Exchange-Generated-Message-Source");
        if (headers.Contains("X-MS-Exchange-Inbox-Rules-Loop")) score.Add(Threshold, MachineKind.AutoReply, "X-MS-Exchange-Inbox-Rules-Loop");
        // Outlook puts it on meeting requests and a few sent mails too: a sign, not a proof.
        if (headers.Contains("X-Auto-Response-Suppress")) score.Add(5, MachineKind.AutoReply, "X-Auto-Response-Suppress");
        if (headers.Contains("X-Failed-Recipients")) score.Add(Threshold, MachineKind.DeliveryFailure, "X-Failed-Recipients");
        if (headers[HeaderId.ReturnPath]?.Trim() == "<>") score.Add(Threshold, MachineKind.DeliveryFailure, "empty Return-Path");

        var precedence = headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "junk" or "auto_reply" or "auto-reply")
            score.Add(Threshold, MachineKind.AutoReply, $"Precedence {precedence}");
        else if (precedence is "list")
            score.Add(subjectHasContext ? 4 : Threshold, MachineKind.ListNotice, "Precedence list");
        // A customer's list may carry a reply to a ticket; a list mail without a context is no reply at all.
        if (headers.Contains(HeaderId.ListId) && !subjectHasContext) score.Add(Threshold, MachineKind.ListNotice, "List-Id without a ticket context");
        if (headers.Contains("X-ML-Name") || headers.Contains("X-Mailman-Version") || headers.Contains("X-Loop"))
            score.Add(3, MachineKind.ListNotice, "list manager header");
    }

    private static void Sender(MimeMessage message, Tally score)
    {
        if (message.From.Count == 0)
        {
            score.Add(6, MachineKind.DeliveryFailure, "no From");
            return;
        }
        var from = message.From.Mailboxes.FirstOrDefault();
        var address = from?.Address?.Trim() ?? "";
        if (address.Length == 0 || address == "<>")
            score.Add(6, MachineKind.DeliveryFailure, "empty sender address");
        else
        {
            var at = address.LastIndexOf('@');
            var local = at < 0 ? address : address[..at];
            if (MachineSignals.SenderLocal.IsMatch(local)) score.Add(6, MachineKind.DeliveryFailure, $"sender {address}");
            else if (MachineSignals.ListManagerLocal.IsMatch(local)) score.Add(5, MachineKind.ListNotice, $"sender {address}");
        }
        var name = from?.Name ?? (message.From.FirstOrDefault() as GroupAddress)?.Name;
        if (!string.IsNullOrWhiteSpace(name) && MachineSignals.SenderName.IsMatch(name)) score.Add(4, MachineKind.DeliveryFailure, $"sender name {name.Trim()}");
    }

    private static void Subject(string? subject, Tally score)
    {
        if (string.IsNullOrWhiteSpace(subject)) return;
        var head = subject.Length > 300 ? subject[..300] : subject;
        foreach (var signal in MachineSignals.Subjects)
        {
            if (!signal.Pattern.IsMatch(head)) continue;
            var kind = signal.Name.StartsWith("auto-reply", StringComparison.Ordinal) ? MachineKind.AutoReply
                : signal.Name.StartsWith("delivery", StringComparison.Ordinal) ? MachineKind.DeliveryFailure : MachineKind.ListNotice;
            score.Add(signal.Weight, kind, signal.Name);
        }
    }

    /// <summary>Scores the report parts, and returns the start of the first text part (the notice's own words).</summary>
    private static string? Structure(MimeEntity? body, Tally score)
    {
        string? text = null;
        // A forwarded message (message/rfc822) is not opened: a person forwarding a bounce is still a person.
        foreach (var (entity, _, _) in MimeParts.Walk(body).Take(64))
        {
            var type = entity.ContentType;
            if (type.IsMimeType("multipart", "report"))
            {
                var reportType = type.Parameters["report-type"]?.ToLowerInvariant();
                score.Add(Threshold, reportType == "feedback-report" ? MachineKind.ProviderNotice : reportType == "disposition-notification"
                    ? MachineKind.AutoReply : MachineKind.DeliveryFailure, $"multipart/report{(reportType is null ? "" : $" {reportType}")}");
            }
            else if (type.IsMimeType("message", "delivery-status") || type.IsMimeType("message", "global-delivery-status"))
                score.Add(Threshold, MachineKind.DeliveryFailure, type.MimeType.ToLowerInvariant());
            else if (type.IsMimeType("message", "feedback-report"))
                score.Add(Threshold, MachineKind.ProviderNotice, "message/feedback-report");
            else if (type.IsMimeType("message", "disposition-notification"))
                score.Add(Threshold, MachineKind.AutoReply, "message/disposition-notification");
            else if (type.IsMimeType("text", "rfc822-headers") || type.IsMimeType("message", "global-headers"))
                score.Add(4, MachineKind.DeliveryFailure, "returned headers");
            if (text is null && entity is TextPart part && (part.IsPlain || part.IsHtml) && !part.IsAttachment) text = Start(part);
        }
        return text;
    }

    private static void Text(string text, Tally score)
    {
        if (MachineSignals.ProviderJson.IsMatch(text)) score.Add(Threshold, MachineKind.ProviderNotice, "provider notification JSON");
        // What follows a quote or a forward is someone else's mail: a bounce quoted by a customer says nothing of the customer.
        var quote = MachineSignals.QuoteStart.Match(text);
        var own = quote.Success ? text[..quote.Index] : text;
        var fromText = 0;
        foreach (var signal in MachineSignals.Body)
        {
            if (fromText >= Threshold) break;
            if (!signal.Pattern.IsMatch(own)) continue;
            var kind = signal.Name switch
            {
                "list manager" or "challenge-response" => MachineKind.ListNotice,
                "auto-reply" => MachineKind.AutoReply,
                _ => MachineKind.DeliveryFailure,
            };
            var weight = Math.Min(signal.Weight, Threshold - fromText);
            fromText += weight;
            score.Add(weight, kind, signal.Name);
        }
    }

    /// <summary>The first <see cref="TextWindow"/> bytes of a text part, decoded; HTML reduced to its words.</summary>
    private static string Start(TextPart part)
    {
        var text = MimeParts.TextOf(part, TextWindow);
        return part.IsHtml ? ReplyText.HtmlToText(text, CancellationToken.None) : text;
    }

    private sealed class Tally
    {
        private readonly List<(int Weight, MachineKind Kind, string Name)> _signals = [];

        public void Add(int weight, MachineKind kind, string name) => _signals.Add((weight, kind, name));

        public MachineVerdict Verdict()
        {
            if (_signals.Count == 0) return new MachineVerdict(0, MachineKind.Person, []);
            var ordered = _signals.OrderByDescending(s => s.Weight).ToList();
            var score = ordered.Sum(s => s.Weight);
            // A delivery failure is what tells the analyst: it wins over the auto-reply signs bounces also carry.
            var kind = ordered.Any(s => s.Kind == MachineKind.DeliveryFailure && s.Weight >= 5) ? MachineKind.DeliveryFailure
                : ordered[0].Kind;
            return new MachineVerdict(score, score >= Threshold ? kind : MachineKind.Person, ordered.Select(s => s.Name).ToList());
        }
    }
}
