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

    [Fact]
    public async Task Opening_shows_a_picture_inline_in_a_sandbox_but_hands_over_markup_as_bytes()
    {
        await using var database = await TestDatabase.CreateAsync();
        var opened = await new TestServices(database).Opener.OpenAsync(TestServices.ValidRequest(), "test");
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = database.SubFolder("documents") }));
        var stored = await store.SaveAsync(opened.Code, "photo.png", "image/png", new MemoryStream([9, 8, 7]), CancellationToken.None);
        int photo, svg, page;
        await using (var db = database.CreateDbContext())
        {
            Document Add(string name, string mediaType) => db.Documents.Add(new Document
            {
                TicketId = opened.Id, Name = name, MediaType = mediaType, Size = stored.Size, StoreId = stored.StoreId,
            }).Entity;
            var (a, b, c) = (Add("photo.png", "image/png"), Add("dessin.svg", "image/svg+xml"), Add("page.html", "text/html; charset=utf-8"));
            await db.SaveChangesAsync();
            (photo, svg, page) = (a.Id, b.Id, c.Id);
        }
        await SignInTests.AddAnalystAsync(database, "camille@sav.local", active: true);
        await using var factory = new BackofficeFactory(database);
        using var client = factory.CreateBrowserlessClient();
        await client.PostAsync("/dev/signin", SignInTests.Form(await client.GetStringAsync("/dev/signin"), "camille@sav.local", "/"));

        using var image = await client.GetAsync($"/documents/{photo}/view");
        using var drawing = await client.GetAsync($"/documents/{svg}/view");
        using var html = await client.GetAsync($"/documents/{page}/view");
        using var missing = await client.GetAsync("/documents/999/view");

        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal([9, 8, 7], await image.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", image.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
            image.Headers.GetValues("Content-Security-Policy").Single());
        foreach (var (response, name) in new[] { (drawing, "dessin.svg"), (html, "page.html") })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(name, response.Content.Headers.ContentDisposition?.FileNameStar);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
