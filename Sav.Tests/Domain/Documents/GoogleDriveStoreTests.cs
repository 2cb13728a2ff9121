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
    [Fact]
    public async Task Files_of_a_ticket_go_into_one_folder_named_after_it_created_once_and_found_again_by_name()
    {
        await using var google = await FakeGoogle.StartAsync();
        var drive = new FakeDrive(google);
        var photo = new byte[70_000];
        Random.Shared.NextBytes(photo);

        using (var store = FakeDrive.Store(google))
        {
            var first = await store.SaveAsync("AT73", "face.jpg", "image/jpeg", new MemoryStream(photo), CancellationToken.None);
            await store.SaveAsync("AT73", "dos.jpg", "image/jpeg", new MemoryStream(photo), CancellationToken.None);
            Assert.Equal(photo.Length, first.Size);
            Assert.Equal($"https://drive.google.com/file/d/{first.StoreId}/view", first.Link);
            Assert.Equal(photo, drive.Files[first.StoreId]);
        }
        using (var restarted = FakeDrive.Store(google))
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
        using var store = FakeDrive.Store(google, resumableAbove: 300_000);

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
        using var store = FakeDrive.Store(google, resumableAbove);
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
