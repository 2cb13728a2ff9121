using Microsoft.EntityFrameworkCore;
using Sav.Domain.Brands;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Mail.Outbox;

/// <summary>An opening queues its confirmation without a body; the dispatcher renders it from the ticket when it sends it.</summary>
public class DeferredBodyTests
{
    [Fact]
    public async Task A_confirmation_leaves_in_the_tickets_language_and_brand_and_keeps_its_body_on_the_row()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Brands.Add(new Brand { Code = "vistaclass", Name = "VistaClass", Language = "en", SenderAddress = "support@vistaclass.example" });
            await db.SaveChangesAsync();
        }
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest() with { Brand = "VistaClass" }, "form");

        Assert.Equal(1, await services.Dispatcher().DispatchAsync());

        await using var check = database.CreateDbContext();
        var row = await check.OutboxMessages.SingleAsync();
        Assert.Equal((OutboxState.Sent, "support@vistaclass.example"), (row.State, row.FromAddress));
        Assert.Contains("VistaClass", row.Html);
        Assert.Contains("Hello Marie Durand", row.Text);
        Assert.Contains($"/f/status?c={Uri.EscapeDataString(opened.Context)}", row.Html);
        var sent = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(services.Mail.PickupFolder!, "*.eml")));
        Assert.Contains("Hello Marie Durand", sent);
    }

    [Fact]
    public async Task A_bodiless_mail_that_cannot_be_rendered_fails_with_the_reason_and_is_not_sent()
    {
        await using var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        await using (var db = database.CreateDbContext())
        {
            await db.OutboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.Template, "NoSuchTemplate"));
        }

        Assert.Equal(0, await services.Dispatcher().DispatchAsync());

        await using var check = database.CreateDbContext();
        var row = await check.OutboxMessages.SingleAsync();
        Assert.Equal(OutboxState.Failed, row.State);
        Assert.Contains("NoSuchTemplate", row.LastError);
        Assert.Empty(Directory.Exists(services.Mail.PickupFolder!) ? Directory.GetFiles(services.Mail.PickupFolder!) : []);
        Assert.Equal(opened.Code, (await check.Tickets.SingleAsync()).Code);
    }
}
