using Microsoft.EntityFrameworkCore;
using Sav.Domain.Admin;
using Sav.Domain.Analysts;
using Sav.Domain.Brands;
using Sav.Domain.Catalog;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Admin;

public class ReferenceAdminTests
{
    [Fact]
    public async Task A_lifecycle_status_cannot_be_deactivated_or_recategorised_but_its_label_can_change()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        var waiting = await db.Statuses.AsNoTracking().SingleAsync(s => s.Code == WellKnownStatus.WaitingOnCustomer);

        await Assert.ThrowsAsync<ReferenceDataException>(() => ReferenceAdmin.SaveStatusAsync(db, Copy(waiting, s => s.Active = false)));
        await Assert.ThrowsAsync<ReferenceDataException>(() => ReferenceAdmin.SaveStatusAsync(db, Copy(waiting, s => s.Category = StatusCategory.Open)));
        await ReferenceAdmin.SaveStatusAsync(db, Copy(waiting, s => s.Label = "Attente réponse client"));

        await using var check = database.CreateDbContext();
        var saved = await check.Statuses.SingleAsync(s => s.Code == WellKnownStatus.WaitingOnCustomer);
        Assert.Equal(("Attente réponse client", true), (saved.Label, saved.Active));
    }

    [Theory]
    [InlineData("b40", true)]
    [InlineData("B41", true)]
    [InlineData("b4", false)]
    [InlineData("a10", false)]
    [InlineData("40b", false)]
    public async Task A_new_status_needs_a_free_code_of_a_letter_and_two_digits(string code, bool accepted)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        var status = new Status { Code = code, Label = "Devis envoyé", Category = StatusCategory.WaitingOnCustomer, Order = 75 };

        var save = () => ReferenceAdmin.SaveStatusAsync(db, status);

        if (accepted) Assert.Equal(code.ToLowerInvariant(), (await save()).Code);
        else await Assert.ThrowsAsync<ReferenceDataException>(save);
    }

    [Fact]
    public async Task The_last_active_admin_stays_an_admin()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        var admin = await ReferenceAdmin.SaveAnalystAsync(db, new Analyst { Email = " Admin@Sav.local ", Role = AnalystRole.Admin });
        Assert.Equal(("admin@sav.local", "admin"), (admin.Email, admin.DisplayName));

        await Assert.ThrowsAsync<ReferenceDataException>(() => ReferenceAdmin.SaveAnalystAsync(db,
            new Analyst { Id = admin.Id, Email = admin.Email, DisplayName = "Admin", Role = AnalystRole.Analyst, Active = true }));
        await Assert.ThrowsAsync<ReferenceDataException>(() => ReferenceAdmin.SaveAnalystAsync(db, new Analyst { Email = "admin@sav.local" }));

        await ReferenceAdmin.SaveAnalystAsync(db, new Analyst { Email = "second@sav.local", Role = AnalystRole.Admin });
        await ReferenceAdmin.SaveAnalystAsync(db,
            new Analyst { Id = admin.Id, Email = admin.Email, DisplayName = "Admin", Role = AnalystRole.Admin, Active = false });
    }

    [Fact]
    public async Task One_brand_is_the_default_at_a_time()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();

        var brand = await ReferenceAdmin.SaveBrandAsync(db, new Brand
        {
            Code = "distrilux", Name = "Distrilux", SenderAddress = "sav@distrilux.example", IsDefault = true,
            StatusLink = "https://forms.example/status?c={context}",
        });
        await Assert.ThrowsAsync<ReferenceDataException>(() => ReferenceAdmin.SaveBrandAsync(db,
            new Brand { Code = "x", Name = "X", SenderAddress = "pas une adresse" }));
        await Assert.ThrowsAsync<ReferenceDataException>(() => ReferenceAdmin.SaveBrandAsync(db,
            new Brand { Code = "y", Name = "Y", SenderAddress = "y@example.org", CloseLink = "javascript:alert(1)" }));

        await using var check = database.CreateDbContext();
        Assert.Equal(["distrilux"], await check.Brands.Where(b => b.IsDefault).Select(b => b.Code).ToListAsync());
        Assert.Equal("Distrilux", (await check.Brands.SingleAsync(b => b.Id == brand.Id)).SenderName);
    }

    [Fact]
    public async Task Products_need_a_family_and_codes_are_unique()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        var family = await ReferenceAdmin.SaveFamilyAsync(db, new ProductFamily { Code = "ECRAN", Name = "Écrans tactiles", Active = true });

        await ReferenceAdmin.SaveProductAsync(db, new Product { Code = "ET-55", Name = "Écran 55\"", ProductFamilyId = family.Id, Active = true });
        await Assert.ThrowsAsync<ReferenceDataException>(() =>
            ReferenceAdmin.SaveProductAsync(db, new Product { Code = "ET-55", Name = "Doublon", ProductFamilyId = family.Id }));
        await Assert.ThrowsAsync<ReferenceDataException>(() =>
            ReferenceAdmin.SaveProductAsync(db, new Product { Code = "ET-65", Name = "Sans famille", ProductFamilyId = 999 }));
        await Assert.ThrowsAsync<ReferenceDataException>(() =>
            ReferenceAdmin.SaveFamilyAsync(db, new ProductFamily { Code = "ECRAN", Name = "Doublon" }));
    }

    private static Status Copy(Status s, Action<Status> change)
    {
        var copy = new Status { Id = s.Id, Code = s.Code, Label = s.Label, LabelEn = s.LabelEn, Category = s.Category, Order = s.Order, Active = s.Active };
        change(copy);
        return copy;
    }
}
