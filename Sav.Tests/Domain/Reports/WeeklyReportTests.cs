using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Reports;
using Sav.Domain.Reports.Weekly;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Reports;

/// <summary>The weekly report on a moved clock: one mail per address on Monday at 08:00 in Paris, on both sides of the
/// clock changes, its figures against a count from the database, its CSVs as French Excel opens them.</summary>
public class WeeklyReportTests
{
    private const string Actor = "camille@sav.local";
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTimeOffset InParis(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local)).ToUniversalTime();
    }

    private static WeeklyReport Report(TestDatabase database, TestServices services, TimeProvider clock, params string[] to) =>
        new(database, new ReportQueries(database, new TeamTime(Paris, clock)), Options.Create(new WeeklyReportOptions { WeeklyTo = to }),
            Options.Create(services.Mail), NullLogger<WeeklyReport>.Instance);

    private static async Task<List<OutboxMessage>> QueuedAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.OutboxMessages.Include(m => m.Attachments).Where(m => m.Template == WeeklyReport.Template)
            .OrderBy(m => m.Id).AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task One_mail_per_address_on_Monday_at_eight_in_Paris_on_both_sides_of_the_clock_changes()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Summer time begins on Sunday 28 March 2027 and ends on Sunday 31 October 2027.
        var clock = new FakeTimeProvider(InParis(2027, 3, 29, 7, 59));
        var services = new TestServices(database, clock);
        var report = Report(database, services, clock, "direction@example.org; Chef SAV <chef.sav@example.org>");

        Assert.Equal(0, await report.SendIfDueAsync());
        clock.SetUtcNow(InParis(2027, 3, 29, 8, 0));
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 6, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(2, await report.SendIfDueAsync());
        clock.SetUtcNow(InParis(2027, 3, 29, 8, 30));
        Assert.Equal(0, await report.SendIfDueAsync());
        clock.SetUtcNow(InParis(2027, 3, 30, 7, 59));
        Assert.Equal(0, await report.SendIfDueAsync());
        clock.SetUtcNow(InParis(2027, 3, 31, 8, 0));
        Assert.Equal(0, await report.SendIfDueAsync());

        var spring = await QueuedAsync(database);
        Assert.Equal(["direction@example.org", "chef.sav@example.org"], spring.Select(m => m.Recipient));
        Assert.Equal([null, "Chef SAV"], spring.Select(m => m.RecipientName));
        Assert.All(spring, m => Assert.Equal("Rapport hebdomadaire du SAV : semaine du 22 mars au 28 mars 2027", m.Subject));

        clock.SetUtcNow(InParis(2027, 11, 1, 7, 59));
        Assert.Equal(0, await report.SendIfDueAsync());
        clock.SetUtcNow(InParis(2027, 11, 1, 8, 0));
        Assert.Equal(new DateTimeOffset(2027, 11, 1, 7, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(2, await report.SendIfDueAsync());
        Assert.Equal(0, await report.SendIfDueAsync());

        var all = await QueuedAsync(database);
        Assert.Equal(4, all.Count);
        Assert.All(all.Skip(2), m => Assert.Equal("Rapport hebdomadaire du SAV : semaine du 25 octobre au 31 octobre 2027", m.Subject));
        Assert.Equal(4, all.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Nobody_in_WeeklyTo_sends_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(InParis(2027, 3, 29, 8, 0));
        var report = Report(database, new TestServices(database, clock), clock);

        Assert.Equal(0, await report.SendIfDueAsync());
        Assert.Empty(await QueuedAsync(database));
    }

    [Fact]
    public async Task Its_figures_match_the_database_and_its_CSVs_leave_attached_as_French_Excel_opens_them()
    {
        await using var database = await TestDatabase.CreateAsync(demo: true, clock: new FakeTimeProvider(InParis(2027, 3, 10, 12)));
        var clock = new FakeTimeProvider(InParis(2027, 3, 17, 10));
        var services = new TestServices(database, clock);
        var actions = new TicketActions(database, services.Composer, clock);
        OpenTicket Request(string email, string product) => TestServices.ValidRequest(email) with { Product = product };

        await services.Opener.OpenAsync(Request("before@example.org", "ET-65"), "form");
        foreach (var (day, email, product) in new[] { (22, "a@example.org", "ET-55"), (23, "b@example.org", "ET-55") })
        {
            clock.SetUtcNow(InParis(2027, 3, day, 23, 30));
            await services.Opener.OpenAsync(Request(email, product), "form");
        }
        int first;
        await using (var db = database.CreateDbContext()) first = await db.Tickets.Where(t => t.Contact!.Email == "a@example.org").Select(t => t.Id).SingleAsync();
        clock.SetUtcNow(InParis(2027, 3, 24, 9));
        await actions.AskAsync(first, "Une photo du voyant ?", Actor);
        await actions.CloseAsync(first, await VersionAsync(database, first), Actor);
        clock.SetUtcNow(InParis(2027, 3, 28, 23, 30));
        await services.Opener.OpenAsync(Request("c@example.org", "ET-65"), "form");

        clock.SetUtcNow(InParis(2027, 3, 29, 8, 0));
        var report = Report(database, services, clock, "direction@example.org");
        Assert.Equal(1, await report.SendIfDueAsync());

        // The figures, counted the slow way.
        var (weekStart, weekEnd) = (InParis(2027, 3, 22, 0), InParis(2027, 3, 29, 0));
        var (beforeStart, beforeEnd) = (InParis(2027, 3, 15, 0), weekStart);
        List<Ticket> tickets;
        await using (var db = database.CreateDbContext())
            tickets = await db.Tickets.Include(t => t.Milestones).Include(t => t.Product).Include(t => t.Status).AsNoTracking().ToListAsync();
        int Opened(DateTimeOffset from, DateTimeOffset to) => tickets.Count(t => t.CreatedAt >= from && t.CreatedAt < to);
        int Closed(DateTimeOffset from, DateTimeOffset to) =>
            tickets.SelectMany(t => t.Milestones).Count(m => m.Kind == MilestoneKind.Closed && m.At >= from && m.At < to);
        var mail = Assert.Single(await QueuedAsync(database));
        var lines = mail.Text.Split('\n').Select(l => l.TrimEnd()).ToList();
        string[] Figures(string label) => lines.Single(l => l.StartsWith(label))[label.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal([$"{Opened(weekStart, weekEnd)}", $"{Opened(beforeStart, beforeEnd)}"], Figures("Dossiers ouverts"));
        Assert.Equal([$"{Closed(weekStart, weekEnd)}", $"{Closed(beforeStart, beforeEnd)}"], Figures("Dossiers fermés"));
        Assert.True(Opened(weekStart, weekEnd) >= 3);
        var open = tickets.Count(t => t.Status.Category != StatusCategory.Closed);
        Assert.Contains($"Stock au 29 mars 2027 : {open} dossiers en cours", lines);
        var top = tickets.Where(t => t.CreatedAt >= weekStart && t.CreatedAt < weekEnd && t.Product is not null)
            .GroupBy(t => t.Product!.Name).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First();
        Assert.Contains(lines, l => l.StartsWith("  1. ") && l.EndsWith($"{top.Key} : {top.Count()}"));

        // Sent through the outbox with its CSVs, one per report.
        Assert.True(await services.Dispatcher().DispatchAsync() > 0);
        var sent = Assert.Single(await Task.WhenAll(Directory.GetFiles(services.Mail.PickupFolder, "*.eml").Select(f => MimeMessage.LoadAsync(f))),
            m => m.Headers["X-Sav-Template"] == WeeklyReport.Template);
        Assert.Equal("direction@example.org", sent.To.Mailboxes.Single().Address);
        var files = sent.Attachments.OfType<MimePart>().ToList();
        Assert.Equal(["volume-2027-03-22-2027-03-28.csv", "delays-2027-03-22-2027-03-28.csv", "targets-2027-03-22-2027-03-28.csv", "stock-2027-03-22-2027-03-28.csv",
            "products-2027-03-22-2027-03-28.csv", "clients-2027-03-22-2027-03-28.csv", "satisfaction-2027-03-22-2027-03-28.csv"], files.Select(f => f.FileName));
        Assert.All(files, f => Assert.Equal("text/csv", f.ContentType.MimeType));
        using var content = new MemoryStream();
        await files[0].Content!.DecodeToAsync(content);
        var bytes = content.ToArray();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(';')).ToList();
        Assert.Equal(["period", "opened", "closed", "reopened"], rows[0]);
        Assert.Equal(7, rows.Count - 1);
        for (var day = 22; day <= 28; day++)
        {
            var row = rows.Single(r => r[0] == $"2027-03-{day:00}");
            Assert.Equal($"{Opened(InParis(2027, 3, day, 0), InParis(2027, 3, day + 1, 0))}", row[1]);
        }
    }

    [Fact]
    public void Addresses_may_be_listed_in_one_entry_and_a_wrong_one_is_named()
    {
        var options = new WeeklyReportOptions { WeeklyTo = ["direction@example.org; chef@example.org", "Direction@example.org", "pas une adresse",
            "Chef SAV <CHEF@example.org>"] };
        Assert.Equal(["direction@example.org", "chef@example.org", "pas une adresse"], options.Recipients());
        Assert.Equal(["pas une adresse"], options.Invalid());
    }

    private static async Task<int> VersionAsync(TestDatabase database, int id)
    {
        await using var db = database.CreateDbContext();
        return await db.Tickets.Where(t => t.Id == id).Select(t => t.Version).SingleAsync();
    }
}
