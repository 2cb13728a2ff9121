using System.Text;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>Messages real mailboxes carry that a careless reader chokes on: charsets .NET refuses or does not know,
/// charsets that lie, absurd nesting, giant headers.</summary>
public static class PoisonMail
{
    /// <summary>An Exchange delivery report whose text part is in UTF-7, as Outlook still sends some.</summary>
    public static byte[] Utf7Report(string failedRecipient) => Mime.Raw($"""
        From: Microsoft Outlook <postmaster@outlook.example>
        To: sav@example.com
        Subject: Non remis : votre demande
        Message-ID: <utf7-report@outlook.example>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain; charset="utf-7"
        Content-Transfer-Encoding: 7bit

        La remise a +AOk-chou+AOk- pour ces destinataires ou groupes :
        {failedRecipient}

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; outlook.example

        Final-Recipient: rfc822; {failedRecipient}
        Action: failed
        Status: 5.1.10
        Diagnostic-Code: smtp; 550 5.1.10 RESOLVER.ADR.RecipientNotFound

        --b1--
        """);

    /// <summary>A reply whose text part declares <paramref name="charset"/> and holds « L'écran » in Windows-1252.</summary>
    public static byte[] Latin1Reply(string subject, string charset, string id)
    {
        var head = Mime.Raw($"""
            From: Marie Durand <{Mime.Customer}>
            To: sav@example.com
            Subject: {subject}
            Message-ID: <{id}@customer.example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset="{charset}"
            Content-Transfer-Encoding: 8bit


            """);
        return [.. head, .. Encoding.Latin1.GetBytes($"L'\u00e9cran reste noir ({charset}).\r\n")];
    }

    /// <summary>A reply whose body is a multipart nested <paramref name="levels"/> deep.</summary>
    public static byte[] Nested(string subject, int levels)
    {
        var text = new StringBuilder($"From: {Mime.Customer}\nSubject: {subject}\nMessage-ID: <nested-{levels}@customer.example>\nMIME-Version: 1.0\n");
        for (var i = 0; i < levels; i++) text.Append($"Content-Type: multipart/mixed; boundary=\"n{i}\"\n\n--n{i}\n");
        text.Append("Content-Type: text/plain\n\nTout au fond.\n");
        for (var i = levels - 1; i >= 0; i--) text.Append($"--n{i}--\n");
        return Mime.Raw(text.ToString());
    }

    /// <summary>A reply carrying one header line of <paramref name="bytes"/> bytes.</summary>
    public static byte[] GiantHeader(string subject, int bytes) => Mime.Raw(
        $"From: {Mime.Customer}\nSubject: {subject}\nMessage-ID: <giant@customer.example>\nX-Giant: {new string('x', bytes)}\n\nUn en-tête énorme.\n");
}
