using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sav.Domain.Documents;
using Sav.Domain.Google;
using Sav.Tests.Domain.Mail.Mailbox;
using Sav.Tests.Servers;

namespace Sav.Tests.Servers;

/// <summary>Just enough of Drive: folders by name under a root, multipart and resumable uploads, downloads.</summary>
public sealed class FakeDrive
{
    public ConcurrentDictionary<string, (string Name, string Parent)> Folders { get; } = new();
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();
    private readonly ConcurrentDictionary<string, MemoryStream> _sessions = new();
    private int _ids;

    public FakeDrive(FakeGoogle google)
    {
        google.On("GET /drive/v3/files", (context, _) =>
        {
            var q = context.Request.Query["q"].ToString();
            var found = Folders.Where(f => q.Contains($"name = '{f.Value.Name}'") && q.Contains($"'{f.Value.Parent}' in parents"))
                .Select(f => new { id = f.Key, name = f.Value.Name });
            return context.Response.WriteAsJsonAsync(new { files = found });
        });
        google.On("POST /drive/v3/files", (context, request) =>
        {
            var json = request.Json!;
            Assert.Equal(GoogleDriveStore.FolderMimeType, (string?)json["mimeType"]);
            var id = $"folder-{Interlocked.Increment(ref _ids)}";
            Folders[id] = ((string)json["name"]!, (string)json["parents"]![0]!);
            return context.Response.WriteAsJsonAsync(new { id });
        });
        google.On("POST /upload/drive/v3/files", async (context, request) =>
        {
            if (context.Request.Query["uploadType"] == "resumable")
            {
                var session = $"session-{Interlocked.Increment(ref _ids)}";
                _sessions[session] = new MemoryStream();
                context.Response.Headers.Location = $"{google.BaseUrl}/upload/drive/v3/files?uploadType=resumable&upload_id={session}";
                return;
            }
            var body = request.Body;
            var text = Encoding.Latin1.GetString(body);
            var start = text.IndexOf("\r\n\r\n", text.IndexOf("Content-Type: image", StringComparison.Ordinal), StringComparison.Ordinal) + 4;
            var end = text.LastIndexOf("\r\n--", StringComparison.Ordinal);
            await Created(context, body[start..end]);
        });
        google.On("PUT /upload/drive/v3/files", async (context, request) =>
        {
            var session = _sessions[context.Request.Query["upload_id"]!];
            session.Write(request.Body);
            var range = context.Request.Headers.ContentRange.ToString(); // bytes a-b/total
            var total = long.Parse(range[(range.IndexOf('/') + 1)..]);
            if (session.Length < total)
            {
                context.Response.StatusCode = 308;
                context.Response.Headers["Range"] = $"bytes=0-{session.Length - 1}";
                return;
            }
            await Created(context, session.ToArray());
        });
        google.On("GET /drive/v3/files/*", async (context, request) =>
        {
            if (!Files.TryGetValue(request.Path.Split('/').Last(), out var content))
            {
                context.Response.StatusCode = 404;
                return;
            }
            await context.Response.Body.WriteAsync(content);
        });
    }

    private Task Created(HttpContext context, byte[] content)
    {
        var id = $"file-{Interlocked.Increment(ref _ids)}";
        Files[id] = content;
        return context.Response.WriteAsJsonAsync(new { id, size = content.Length.ToString(), webViewLink = $"https://drive.google.com/file/d/{id}/view" });
    }

    /// <summary>A Drive store on <paramref name="google"/>, its root folder « root-42 ».</summary>
    public static GoogleDriveStore Store(FakeGoogle google, long resumableAbove = 5 * 1024 * 1024) => new(
        new GoogleClients(Options.Create(new GoogleOptions
        {
            ServiceAccountJson = google.ServiceAccountJson(), User = "sav@lumeo.example", DriveBaseUrl = google.BaseUrl,
        })),
        Options.Create(new DocumentOptions { Store = DocumentStoreKind.GoogleDrive, DriveRootFolderId = "root-42", DriveResumableAboveBytes = resumableAbove, DriveChunkBytes = 256 * 1024 }));
}
