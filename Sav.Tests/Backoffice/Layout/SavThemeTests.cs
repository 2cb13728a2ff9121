using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Sav.Backoffice.Components.Layout;

namespace Sav.Tests.Backoffice.Layout;

public class SavThemeTests
{
    [Fact]
    public async Task The_application_bar_wears_the_white_label_s_colour_not_MudBlazor_s_purple()
    {
        await using var ctx = await BackofficeContext.CreateAsync();
        await ctx.SignInAsync();
        await using (var db = ctx.Database.CreateDbContext())
            await db.Brands.Where(b => b.IsDefault).ExecuteUpdateAsync(s => s.SetProperty(b => b.PrimaryColor, "#7a1f3d"));

        var layout = ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        layout.WaitForAssertion(() => Assert.Contains("--mud-palette-appbar-background: rgba(122,31,61,1);", layout.Markup));
        Assert.Contains("--mud-palette-primary: rgba(122,31,61,1);", layout.Markup);
        // MudBlazor's default purple, #594AE2.
        Assert.DoesNotContain("rgba(89,74,226,1)", layout.Markup);
    }

    [Theory]
    [InlineData("#1f4e79", true)]
    [InlineData("#7a1f3d", true)]
    [InlineData("#ffeb3b", false)]
    [InlineData("bleu", false)]
    [InlineData(null, false)]
    public void Only_a_colour_white_text_reads_on_becomes_the_primary_colour(string? colour, bool readable) =>
        Assert.Equal(readable, SavTheme.Readable(colour));
}
