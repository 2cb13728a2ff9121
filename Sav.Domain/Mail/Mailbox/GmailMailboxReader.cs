using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Sav.Domain.Google;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>The support mailbox through the Gmail API: messages matching the query are read raw, and
/// labelled (and marked read) once processed, which takes them out of the query.</summary>
public sealed class GmailMailboxReader(GoogleClients google, IOptions<MailboxOptions> options) : IMailboxReader, IDisposable
{
    private readonly Lazy<HttpClient> _http = new(() => google.Create(GoogleClients.GmailModifyScope));
    private string? _labelId;

    private string Messages => google.Options.GmailBaseUrl.TrimEnd('/') + "/gmail/v1/users/me/messages";
    private string Labels => google.Options.GmailBaseUrl.TrimEnd('/') + "/gmail/v1/users/me/labels";

    public string Name => "gmail:" + google.Options.User;

    public async Task<IReadOnlyList<MailboxItem>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var items = new List<MailboxItem>();
        string? pageToken = null;
        do
        {
            var url = $"{Messages}?q={Uri.EscapeDataString(options.Value.Gmail.Query)}&maxResults={Math.Min(500, max)}"
                + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
            var page = await GetJsonAsync(url, cancellationToken);
            foreach (var message in page["messages"]?.AsArray() ?? [])
            {
                if ((string?)message?["id"] is { Length: > 0 } id) items.Add(new MailboxItem(id));
            }
            pageToken = (string?)page["nextPageToken"];
        } while (pageToken is not null && items.Count < max);
        // Gmail lists newest first; the sweep files oldest first.
        items.Reverse();
        return items.Take(max).ToList();
    }

    public async Task<Stream> OpenAsync(MailboxItem item, long maxBytes, CancellationToken cancellationToken)
    {
        var message = await GetJsonAsync($"{Messages}/{Uri.EscapeDataString(item.Key)}?format=raw", cancellationToken);
        var raw = (string?)message["raw"] ?? throw new InvalidDataException($"Gmail message {item.Key} has no raw content.");
        return new MemoryStream(FromBase64Url(raw));
    }

    public async Task MarkProcessedAsync(MailboxItem item, CancellationToken cancellationToken)
    {
        var label = await LabelIdAsync(cancellationToken);
        using var response = await _http.Value.PostAsJsonAsync($"{Messages}/{Uri.EscapeDataString(item.Key)}/modify",
            new { addLabelIds = new[] { label }, removeLabelIds = new[] { "UNREAD" } }, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task WaitForNewAsync(TimeSpan max, CancellationToken cancellationToken)
    {
        // Gmail's push needs Pub/Sub; polling at PollEvery is the fallback that needs nothing more.
        var poll = options.Value.PollEvery;
        await Task.Delay(max < poll ? max : poll, cancellationToken);
    }

    private async Task<string> LabelIdAsync(CancellationToken cancellationToken)
    {
        if (_labelId is not null) return _labelId;
        var name = options.Value.Gmail.ProcessedLabel;
        var labels = await GetJsonAsync(Labels, cancellationToken);
        var existing = labels["labels"]?.AsArray().FirstOrDefault(l => string.Equals((string?)l?["name"], name, StringComparison.OrdinalIgnoreCase));
        if (existing is not null) return _labelId = (string)existing["id"]!;
        using var response = await _http.Value.PostAsJsonAsync(Labels,
            new { name, labelListVisibility = "labelShow", messageListVisibility = "show" }, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return _labelId = (string)created["id"]!;
    }

    private async Task<JsonNode> GetJsonAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await _http.Value.GetAsync(url, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) ?? new JsonObject();
    }

    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new HttpRequestException($"Google answered {(int)response.StatusCode} to {response.RequestMessage?.Method} "
            + $"{response.RequestMessage?.RequestUri?.AbsolutePath}: {(body.Length > 500 ? body[..500] : body)}", null, response.StatusCode);
    }

    internal static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Convert.FromBase64String(padded);
    }

    public void Dispose()
    {
        if (_http.IsValueCreated) _http.Value.Dispose();
    }
}
