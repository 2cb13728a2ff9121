using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sav.Domain.Documents;
using Sav.Domain.Google;
using Sav.Tests.Domain.Mail.Mailbox;
using Sav.Tests.Servers;

namespace Sav.Tests.Domain.Documents;

public class GoogleDriveStoreTests
{
    /// <summary>Just enough of Drive: folders by name under a root, multipart and resumable uploads, downloads.</summary>
    private sealed class FakeDrive
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
    }

    private static GoogleDriveStore Store(FakeGoogle google, long resumableAbove = 5 * 1024 * 1024) => new(
        new GoogleClients(Options.Create(new GoogleOptions
        {
            ServiceAccountJson = google.ServiceAccountJson(), User = "sav@lumeo.example", DriveBaseUrl = google.BaseUrl,
        })),
        Options.Create(new DocumentOptions { Store = DocumentStoreKind.GoogleDrive, DriveRootFolderId = "root-42", DriveResumableAboveBytes = resumableAbove, DriveChunkBytes = 256 * 1024 }));

    [Fact]
    public async Task Files_of_a_ticket_go_into_one_folder_named_after_it_created_once_and_found_again_by_name()
    {
        await using var google = await FakeGoogle.StartAsync();
        var drive = new FakeDrive(google);
        var photo = new byte[70_000];
        Random.Shared.NextBytes(photo);

        using (var store = Store(google))
        {
            var first = await store.SaveAsync("AT73", "face.jpg", "image/jpeg", new MemoryStream(photo), CancellationToken.None);
            await store.SaveAsync("AT73", "dos.jpg", "image/jpeg", new MemoryStream(photo), CancellationToken.None);
            Assert.Equal(photo.Length, first.Size);
            Assert.Equal($"https://drive.google.com/file/d/{first.StoreId}/view", first.Link);
            Assert.Equal(photo, drive.Files[first.StoreId]);
        }
        using (var restarted = Store(google))
            await restarted.SaveAsync("AT73", "encore.jpg", "image/jpeg", new MemoryStream(photo), CancellationToken.None);

        var folder = Assert.Single(drive.Folders);
        Assert.Equal(("AT73", "root-42"), folder.Value);
        var uploads = google.Requests.Where(r => r.Path == "/upload/drive/v3/files").ToList();
        Assert.Equal(3, uploads.Count);
        Assert.All(uploads, u =>
        {
            Assert.Contains("uploadType=multipart", u.Query);
            Assert.Contains("supportsAllDrives=true", u.Query);
            Assert.Contains($"\"parents\":[\"{folder.Key}\"]", u.BodyText);
        });
        Assert.Contains("\"name\":\"face.jpg\"", uploads[0].BodyText);
        Assert.Equal(GoogleClients.DriveScope, (string?)google.TokenClaims.First()["scope"]);
    }

    [Fact]
    public async Task A_large_video_goes_up_by_resumable_upload_in_chunks_and_comes_back_whole()
    {
        await using var google = await FakeGoogle.StartAsync();
        var drive = new FakeDrive(google);
        var video = new byte[1_000_000];
        Random.Shared.NextBytes(video);
        using var store = Store(google, resumableAbove: 300_000);

        var stored = await store.SaveAsync("AT73", "panne.mp4", "video/mp4", new MemoryStream(video), CancellationToken.None);

        Assert.Equal(video, drive.Files[stored.StoreId]);
        var start = Assert.Single(google.Requests, r => r.Method == "POST" && r.Path == "/upload/drive/v3/files");
        Assert.Contains("uploadType=resumable", start.Query);
        Assert.Contains("supportsAllDrives=true", start.Query);
        Assert.Equal(4, google.Requests.Count(r => r.Method == "PUT"));
        await using var back = await store.OpenReadAsync(new Document { StoreId = stored.StoreId }, CancellationToken.None);
        using var copy = new MemoryStream();
        await back!.CopyToAsync(copy);
        Assert.Equal(video, copy.ToArray());
        Assert.Null(await store.OpenReadAsync(new Document { StoreId = "gone" }, CancellationToken.None));
    }

    [Theory]
    [InlineData(80_000, 5 * 1024 * 1024)]
    [InlineData(1_000_000, 300_000)]
    public async Task The_sweep_files_a_reply_on_Drive_byte_for_byte_and_keeps_the_Drive_link_on_the_document(int size, long resumableAbove)
    {
        await using var google = await FakeGoogle.StartAsync();
        var drive = new FakeDrive(google);
        await using var harness = await SweepHarness.CreateAsync();
        using var store = Store(google, resumableAbove);
        var photo = new byte[size];
        new Random(size).NextBytes(photo);
        harness.Drop(Mime.Reply($"RE: Ticket N° {harness.Context}#", "Photo", Mime.File("ecran.jpg", "image/jpeg", photo)));

        await harness.Sweeper(store: store).SweepAsync(CancellationToken.None);

        await using var db = harness.Database.CreateDbContext();
        var document = await db.Documents.SingleAsync();
        Assert.Equal(DocumentStoreKind.GoogleDrive, document.Store);
        Assert.Equal($"https://drive.google.com/file/d/{document.StoreId}/view", document.Link);
        Assert.Equal(size, document.Size);
        // Decoded from the message straight into the upload, in one request or in resumable chunks.
        Assert.Equal(photo, drive.Files[document.StoreId]);
        Assert.Equal(size > resumableAbove, google.Requests.Any(r => r.Query.Contains("uploadType=resumable")));
    }
}
