using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Sav.Domain.Sms;

/// <summary>A text message to send: the number as E.164 (<see cref="PhoneNumbers"/>) and the words.</summary>
public sealed record SmsMessage(string To, string Text);

public interface ISmsSender
{
    /// <summary>Sends the message; returns the provider's id for it.</summary>
    /// <exception cref="SmsException">when the provider refuses it.</exception>
    Task<string> SendAsync(SmsMessage message, CancellationToken cancellationToken);

    /// <summary>The numbers that answered « STOP »: no message goes to them again.</summary>
    Task<IReadOnlyList<string>> OptedOutAsync(CancellationToken cancellationToken);
}

public sealed class SmsException(string message) : Exception(message);

/// <summary>
/// OVH's SMS API (<c>POST /sms/{service}/jobs</c>), each request signed as OVH asks: <c>$1$</c> and the SHA-1, in
/// hexadecimal, of the application secret, the consumer key, the method, the full address, the body and the timestamp
/// joined by <c>+</c>. The timestamp is OVH's time (<c>GET /auth/time</c>, read once): OVH refuses a request whose clock
/// is off, and this machine's may be.
/// </summary>
public sealed class OvhSmsSender(HttpClient http, IOptions<SmsOptions> options, TimeProvider clock) : ISmsSender
{
    private TimeSpan? _skew;

    public async Task<string> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var ovh = options.Value.Ovh;
        var address = new Uri(new Uri(ovh.Endpoint.TrimEnd('/') + "/"), $"sms/{Uri.EscapeDataString(ovh.ServiceName)}/jobs");
        var body = JsonSerializer.Serialize(new
        {
            message = message.Text, receivers = new[] { message.To }, sender = ovh.SenderName, charset = "UTF-8",
            noStopClause = false, priority = "high",
        });
        using var json = JsonDocument.Parse(await CallAsync(ovh, HttpMethod.Post, address, body, cancellationToken));
        return json.RootElement.TryGetProperty("ids", out var ids) && ids.GetArrayLength() > 0 ? ids[0].ToString() : "";
    }

    /// <summary><c>GET /sms/{service}/blacklists</c>: the numbers that answered « STOP » to the account's messages.</summary>
    public async Task<IReadOnlyList<string>> OptedOutAsync(CancellationToken cancellationToken)
    {
        var ovh = options.Value.Ovh;
        var address = new Uri(new Uri(ovh.Endpoint.TrimEnd('/') + "/"), $"sms/{Uri.EscapeDataString(ovh.ServiceName)}/blacklists");
        return JsonSerializer.Deserialize<List<string>>(await CallAsync(ovh, HttpMethod.Get, address, "", cancellationToken)) ?? [];
    }

    private async Task<string> CallAsync(OvhSmsOptions ovh, HttpMethod method, Uri address, string body, CancellationToken cancellationToken)
    {
        _skew ??= await SkewAsync(ovh, cancellationToken);
        var timestamp = (clock.GetUtcNow() + _skew.Value).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(method, address);
        if (method != HttpMethod.Get) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Add("X-Ovh-Application", ovh.ApplicationKey);
        request.Headers.Add("X-Ovh-Consumer", ovh.ConsumerKey);
        request.Headers.Add("X-Ovh-Timestamp", timestamp);
        request.Headers.Add("X-Ovh-Signature", Signature(ovh.ApplicationSecret, ovh.ConsumerKey, method.Method, address.ToString(), body, timestamp));
        using var response = await http.SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new SmsException($"OVH refused the request ({(int)response.StatusCode}): {Truncate(answer)}");
        return answer;
    }

    /// <summary>OVH's signature of a request.</summary>
    public static string Signature(string secret, string consumerKey, string method, string url, string body, string timestamp) =>
        "$1$" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Join('+', secret, consumerKey, method, url, body, timestamp))));

    private async Task<TimeSpan> SkewAsync(OvhSmsOptions ovh, CancellationToken cancellationToken)
    {
        var seconds = await http.GetFromJsonAsync<long>(new Uri(new Uri(ovh.Endpoint.TrimEnd('/') + "/"), "auth/time"), cancellationToken);
        return DateTimeOffset.FromUnixTimeSeconds(seconds) - clock.GetUtcNow();
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];
}
