using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Sav.Domain.Google;

namespace Sav.Domain.Documents;

/// <summary>Ticket files on Google Drive: one folder per ticket code under <see cref="DocumentOptions.DriveRootFolderId"/>,
/// created on demand and found again by name. Small files go in one multipart request, large ones (videos)
/// by resumable upload. Shared drives are supported; the file's webViewLink is kept as the document's link.</summary>
public sealed class GoogleDriveStore(GoogleClients google, IOptions<DocumentOptions> options) : IDocumentStore, IDisposable
{
    public const string FolderMimeType = "application/vnd.google-apps.folder";
    private const string Fields = "id,size,webViewLink";
    private readonly Lazy<HttpClient> _http = new(() => google.Create(GoogleClients.DriveScope));
    private readonly ConcurrentDictionary<string, string> _folders = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _folderGate = new(1, 1);

    public DocumentStoreKind Kind => DocumentStoreKind.GoogleDrive;

    private string Base => google.Options.DriveBaseUrl.TrimEnd('/');
    private HttpClient Http => _http.Value;

    public async Task<StoredDocument> SaveAsync(string ticketCode, string fileName, string mediaType, Stream content, CancellationToken cancellationToken)
    {
        var folder = await FolderAsync(LocalDocumentStore.SafeName(ticketCode), cancellationToken);
        var metadata = new JsonObject { ["name"] = fileName, ["mimeType"] = mediaType, ["parents"] = new JsonArray(folder) };
        Stream? buffered = null;
        try
        {
            if (!content.CanSeek)
            {
                buffered = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                await content.CopyToAsync(buffered, cancellationToken);
                buffered.Position = 0;
                content = buffered;
            }
            var length = content.Length - content.Position;
            var file = length > options.Value.DriveResumableAboveBytes
                ? await ResumableAsync(metadata, mediaType, content, length, cancellationToken)
                : await MultipartAsync(metadata, mediaType, content, cancellationToken);
            var id = (string?)file["id"] ?? throw new HttpRequestException("Google Drive returned no file id.");
            var size = long.TryParse((string?)file["size"], out var reported) ? reported : length;
            return new StoredDocument(id, size, (string?)file["webViewLink"]);
        }
        finally
        {
            if (buffered is not null) await buffered.DisposeAsync();
        }
    }

    public async Task<Stream?> OpenReadAsync(Document document, CancellationToken cancellationToken)
    {
        var response = await Http.GetAsync($"{Base}/drive/v3/files/{Uri.EscapeDataString(document.StoreId)}?alt=media&supportsAllDrives=true",
            HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    private async Task<JsonNode> MultipartAsync(JsonObject metadata, string mediaType, Stream content, CancellationToken cancellationToken)
    {
        using var body = new MultipartContent("related")
        {
            new StringContent(metadata.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            new StreamContent(content) { Headers = { ContentType = MediaTypeHeaderValue.Parse(mediaType) } },
        };
        using var response = await Http.PostAsync($"{Base}/upload/drive/v3/files?uploadType=multipart&supportsAllDrives=true&fields={Fields}",
            body, cancellationToken);
        return await JsonAsync(response, cancellationToken);
    }

    private async Task<JsonNode> ResumableAsync(JsonObject metadata, string mediaType, Stream content, long length, CancellationToken cancellationToken)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, $"{Base}/upload/drive/v3/files?uploadType=resumable&supportsAllDrives=true&fields={Fields}")
        {
            Content = JsonContent.Create(metadata),
        };
        start.Headers.Add("X-Upload-Content-Type", mediaType);
        start.Headers.Add("X-Upload-Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Uri session;
        using (var started = await Http.SendAsync(start, cancellationToken))
        {
            await EnsureSuccessAsync(started, cancellationToken);
            session = started.Headers.Location ?? throw new HttpRequestException("Google Drive started no upload session.");
        }

        var origin = content.Position;
        var chunk = new byte[Math.Max(256 * 1024, options.Value.DriveChunkBytes)];
        long sent = 0;
        while (true)
        {
            content.Position = origin + sent;
            var count = await content.ReadAtLeastAsync(chunk, (int)Math.Min(chunk.Length, length - sent), throwOnEndOfStream: false, cancellationToken);
            using var put = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent(chunk, 0, count) };
            put.Content.Headers.ContentRange = count == 0 ? new ContentRangeHeaderValue(length) : new ContentRangeHeaderValue(sent, sent + count - 1, length);
            using var response = await Http.SendAsync(put, cancellationToken);
            if ((int)response.StatusCode == 308)
            {
                // "Resume Incomplete": the Range header says how much Drive really has.
                var received = response.Headers.TryGetValues("Range", out var ranges)
                    && ranges.FirstOrDefault() is { } range && long.TryParse(range[(range.IndexOf('-') + 1)..], out var last) ? last + 1 : sent + count;
                if (received <= sent && count > 0) throw new HttpRequestException("Google Drive accepted nothing of an upload chunk.");
                sent = received;
                continue;
            }
            return await JsonAsync(response, cancellationToken);
        }
    }

    /// <summary>The ticket's folder id: from the cache, else found by name, else created (one at a time, so that
    /// two uploads of a new ticket make one folder).</summary>
    private async Task<string> FolderAsync(string name, CancellationToken cancellationToken)
    {
        if (_folders.TryGetValue(name, out var cached)) return cached;
        var root = options.Value.DriveRootFolderId;
        if (string.IsNullOrWhiteSpace(root)) throw new InvalidOperationException("Documents:DriveRootFolderId must be set to store documents on Google Drive.");
        await _folderGate.WaitAsync(cancellationToken);
        try
        {
            if (_folders.TryGetValue(name, out cached)) return cached;
            var q = $"name = '{Escape(name)}' and mimeType = '{FolderMimeType}' and '{Escape(root)}' in parents and trashed = false";
            using (var found = await Http.GetAsync($"{Base}/drive/v3/files?q={Uri.EscapeDataString(q)}&fields=files(id,name)"
                + "&supportsAllDrives=true&includeItemsFromAllDrives=true&corpora=allDrives&pageSize=10", cancellationToken))
            {
                var files = (await JsonAsync(found, cancellationToken))["files"]?.AsArray();
                if (files?.FirstOrDefault() is { } existing && (string?)existing["id"] is { } id) return _folders[name] = id;
            }
            var folder = new JsonObject { ["name"] = name, ["mimeType"] = FolderMimeType, ["parents"] = new JsonArray(root) };
            using var created = await Http.PostAsJsonAsync($"{Base}/drive/v3/files?supportsAllDrives=true&fields=id", folder, cancellationToken);
            var createdId = (string?)(await JsonAsync(created, cancellationToken))["id"] ?? throw new HttpRequestException("Google Drive returned no folder id.");
            return _folders[name] = createdId;
        }
        finally { _folderGate.Release(); }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("'", "\\'");

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) ?? new JsonObject();
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new HttpRequestException($"Google Drive answered {(int)response.StatusCode} to {response.RequestMessage?.Method} "
            + $"{response.RequestMessage?.RequestUri?.AbsolutePath}: {(body.Length > 500 ? body[..500] : body)}", null, response.StatusCode);
    }

    public void Dispose()
    {
        if (_http.IsValueCreated) _http.Value.Dispose();
        _folderGate.Dispose();
    }
}
