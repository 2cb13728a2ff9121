using System.Net;
using Microsoft.Extensions.Options;
using Sav.Backoffice.Documents;
using Sav.Domain.Documents;
using Sav.Tests.Backoffice.Auth;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice.Documents;

public class DocumentEndpointsTests
{
    [Fact]
    public async Task A_signed_in_analyst_downloads_a_ticket_file_as_an_attachment()
    {
        await using var database = await TestDatabase.CreateAsync();
        var opened = await new TestServices(database).Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = database.SubFolder("documents") }));
        var stored = await store.SaveAsync(opened.Code, "étiquette.jpg", "image/jpeg", new MemoryStream([1, 2, 3, 4]), CancellationToken.None);
        int photo, page;
        await using (var db = database.CreateDbContext())
        {
            var a = new Document { TicketId = opened.Id, Name = "étiquette.jpg", MediaType = "image/jpeg", Size = stored.Size, StoreId = stored.StoreId };
            var b = new Document { TicketId = opened.Id, Name = "page.html", MediaType = "text/html", Size = stored.Size, StoreId = stored.StoreId };
            db.Documents.AddRange(a, b);
            await db.SaveChangesAsync();
            (photo, page) = (a.Id, b.Id);
        }
        await SignInTests.AddAnalystAsync(database, "camille@sav.local", active: true);
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/documents/{photo}")).StatusCode);
        await client.PostAsync("/dev/signin", SignInTests.Form(await client.GetStringAsync("/dev/signin"), "camille@sav.local", "/"));

        using var response = await client.GetAsync($"/documents/{photo}");
        using var html = await client.GetAsync($"/documents/{page}");
        using var missing = await client.GetAsync("/documents/999");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([1, 2, 3, 4], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("étiquette.jpg", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("application/octet-stream", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
