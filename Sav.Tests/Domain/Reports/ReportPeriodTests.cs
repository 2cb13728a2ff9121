using System.Globalization;
using Sav.Domain.Reports;

namespace Sav.Tests.Domain.Reports;

public class ReportPeriodTests
{
    [Fact]
    public void The_page_names_each_bucket_in_words_the_csv_keeps_its_key()
    {
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        var en = CultureInfo.GetCultureInfo("en-GB");
        var (from, to) = (new DateOnly(2026, 11, 15), new DateOnly(2026, 12, 7));

        var days = new ReportPeriod(from, to, Grain.Day).Buckets();
        var weeks = new ReportPeriod(from, to, Grain.Week).Buckets();
        var months = new ReportPeriod(new DateOnly(2026, 10, 1), to, Grain.Month).Buckets();

        Assert.Equal(("dim. 15 nov.", "2026-11-15"), (days[0].Display(fr), days[0].Label));
        Assert.Equal("Sun 15 Nov", days[0].Display(en));
        // The first week is cut at the period's start; the next ones run Monday to Sunday.
        Assert.Equal(["dim. 15 nov.", "16 nov. – 22 nov.", "23 nov. – 29 nov.", "30 nov. – 6 déc.", "lun. 7 déc."], weeks.Select(w => w.Display(fr)));
        Assert.Equal(["octobre 2026", "novembre 2026", "1 déc. – 7 déc."], months.Select(m => m.Display(fr)));
    }
}
