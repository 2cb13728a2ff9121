using System.Text;

namespace Sav.Tests.Domain.Mail.Mailbox.MachineMail;

/// <summary>What a bounce or a reply is about: the ticket's context, the Sav mail it answers or returns, and the
/// customer's address that failed.</summary>
public sealed record MailFacts(string Context, string SavMessageId, string Recipient, string SavAddress = "sav@example.com")
{
    public static readonly MailFacts Sample = new("AT73#K9F2Q", "019ae2f0c3a87d21b5c4e0f6a1d2b3c4@sav.example.com", "marie.durand@college-pasteur.example");
    public string SavSubject => $"Ticket N° {Context}# - Écran ne s'allume plus";
}

/// <summary>Writes corpus messages as their servers write them: a template with {CTX}, {SUBJ}, {ORIGID}, {TO}, {SAV},
/// line breaks made CRLF.</summary>
public static class Eml
{
    public static byte[] Of(string template, MailFacts facts) => Encoding.UTF8.GetBytes(Fill(template, facts).ReplaceLineEndings("\r\n"));

    public static string Fill(string template, MailFacts facts) => template
        .Replace("{SUBJ}", facts.SavSubject).Replace("{CTX}", facts.Context).Replace("{ORIGID}", facts.SavMessageId)
        .Replace("{TO}", facts.Recipient).Replace("{SAV}", facts.SavAddress);

    /// <summary>The headers of the Sav mail that came back, as servers quote them.</summary>
    public const string OriginalHeaders = """
        Return-Path: <{SAV}>
        Message-ID: <{ORIGID}>
        Date: Wed, 02 Dec 2026 09:00:00 +0000
        From: Service après-vente <{SAV}>
        To: Marie Durand <{TO}>
        Subject: {SUBJ}
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        X-Sav-Template: OpeningConfirmation
        """;

    /// <summary>A delivery status notification (RFC 3464): a human part, the status part, the original's headers or the
    /// original itself.</summary>
    public static string Dsn(string headers, string human, string status, string statusType = "message/delivery-status",
        string originalType = "text/rfc822-headers", string reportType = "delivery-status", string humanType = "text/plain; charset=us-ascii") => $"""
        {headers}
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type={reportType}; boundary="=_dsn_0042"

        This is a MIME-encapsulated message.

        --=_dsn_0042
        Content-Type: {humanType}
        Content-Description: Notification

        {human}

        --=_dsn_0042
        Content-Type: {statusType}
        Content-Description: Delivery report

        {status}

        --=_dsn_0042
        Content-Type: {originalType}
        Content-Description: Undelivered Message Headers

        {OriginalHeaders}

        --=_dsn_0042--
        """;

    public static string Status(string mta, string code, string diagnostic, string action = "failed") => $"""
        Reporting-MTA: dns; {mta}
        Arrival-Date: Wed, 02 Dec 2026 09:00:02 +0000

        Final-Recipient: rfc822; {"{TO}"}
        Original-Recipient: rfc822;{"{TO}"}
        Action: {action}
        Status: {code}
        Remote-MTA: dns; mx.college-pasteur.example
        Diagnostic-Code: smtp; {diagnostic}
        """;

    /// <summary>A plain-text message, as older servers and appliances send them.</summary>
    public static string Plain(string headers, string body, string charset = "us-ascii") => $"""
        {headers}
        MIME-Version: 1.0
        Content-Type: text/plain; charset={charset}
        Content-Transfer-Encoding: 8bit

        {body}
        """;
}

/// <summary>One message of the machine-mail corpus: its shape (for the count), the template and what becomes of it.</summary>
public sealed record MachineCase(string Shape, string Template, bool Machine);
