using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using MimeKit;
using Sav.Domain.Google;

namespace Sav.Domain.Mail.Senders;

/// <summary>Sends through the Gmail API as the support mailbox (a service account with domain-wide
/// delegation): <c>POST /gmail/v1/users/me/messages/send</c> with the MIME message, base64url-encoded.</summary>
public sealed class GmailMailSender(GoogleClients google) : IMailSender, IDisposable
{
    private readonly Lazy<HttpClient> _http = new(() => google.Create(GoogleClients.GmailSendScope));

    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await message.WriteToAsync(buffer, cancellationToken);
        var raw = Base64Url.EncodeToString(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var url = google.Options.GmailBaseUrl.TrimEnd('/') + "/gmail/v1/users/me/messages/send";

        using var response = await _http.Value.PostAsJsonAsync(url, new { raw }, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var sent = await response.Content.ReadFromJsonAsync<SentMessage>(cancellationToken);
            return sent?.Id ?? throw new HttpRequestException("Gmail accepted the mail but gave no message id.");
        }
        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
        detail = detail.Length > 500 ? detail[..500] : detail;
        if (IsPermanent(response.StatusCode))
            throw new PermanentMailException($"Gmail refused the mail: {(int)response.StatusCode} {detail}");
        throw new HttpRequestException($"Gmail answered {(int)response.StatusCode}: {detail}", null, response.StatusCode);
    }

    /// <summary>A 400 (malformed, a refused address, too large) will not mend; throttling (403 rate limits,
    /// 429), timeouts and server errors will.</summary>
    private static bool IsPermanent(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    public void Dispose()
    {
        if (_http.IsValueCreated) _http.Value.Dispose();
    }

    private sealed record SentMessage(string? Id, string? ThreadId);
}
