using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Sms;
using Sav.Domain.Tickets;
using Sav.Tests.Servers;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Sms;

/// <summary>Text messages on opening and on a question, through OVH's API (the loopback fake checks every signature):
/// only to French mobiles of brands that enable them, never to a number that answered STOP, one an hour per ticket,
/// within the hourly quota, retried when OVH is briefly away.</summary>
public class SmsDispatchTests
{
    private const string Mobile = "06 12 34 56 78", Mobile164 = "+33612345678";

    private sealed class Setup(TestDatabase database, TestServices services, OvhServer ovh, IHost host, SmsOptions options) : IAsyncDisposable
    {
        public TestDatabase Database => database;
        public TestServices Services => services;
        public OvhServer Ovh => ovh;
        public FakeTimeProvider Clock => (FakeTimeProvider)services.Clock;
        public SmsNotices Notices { get; } = new(Options.Create(options), services.Composer, services.Contexts, services.Clock);
        public SmsDispatcher Dispatcher => field ??= new(database, host.Services.GetRequiredService<ISmsSender>(), Notices,
            Options.Create(options), services.Clock, NullLogger<SmsDispatcher>.Instance);
        public TicketActions Actions => new(database, services.Composer, services.Clock, Notices);

        public Task<OpenedTicket> OpenAsync(string? phone = Mobile, string email = "marie.durand@college-pasteur.example") =>
            services.Opener.OpenAsync(TestServices.ValidRequest(email) with { Phone = phone }, "form");

        public async Task<List<SmsOutboxMessage>> MessagesAsync()
        {
            await using var db = database.CreateDbContext();
            return await db.SmsOutbox.OrderBy(m => m.Id).ToListAsync();
        }

        public async ValueTask DisposeAsync()
        {
            host.Dispose();
            await ovh.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    private static async Task<Setup> SetupAsync(bool brandEnabled = true, int perHour = 60)
    {
        var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            await db.Brands.ExecuteUpdateAsync(s => s.SetProperty(b => b.SmsEnabled, brandEnabled));
        }
        var ovh = await OvhServer.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(ovh.Settings());
        builder.AddSavSms();
        var options = new SmsOptions { Sender = SmsSenderKind.Ovh, PerHour = perHour, OptOutRefresh = TimeSpan.Zero };
        var setup = new Setup(database, new TestServices(database), ovh, builder.Build(), options);
        // Switched on with tickets already there: the first pass only notes where they stand.
        await setup.OpenAsync(email: "ancien@example.org");
        await using (var db = database.CreateDbContext()) Assert.Equal(0, await setup.Notices.PlanOpeningsAsync(db));
        return setup;
    }

    [Fact]
    public async Task An_opening_texts_a_french_mobile_its_code_and_status_link_and_no_one_else()
    {
        await using var s = await SetupAsync();
        var mobile = await s.OpenAsync();
        await s.OpenAsync(phone: "01 23 45 67 89", email: "fixe@example.org");
        await s.OpenAsync(phone: null, email: "sans@example.org");

        Assert.Equal(1, await s.Dispatcher.DispatchAsync());

        var job = Assert.Single(s.Ovh.Jobs);
        Assert.Equal([Mobile164], job.GetProperty("receivers").EnumerateArray().Select(r => r.GetString()));
        var text = job.GetProperty("message").GetString()!;
        Assert.StartsWith($"Service après-vente : votre demande {mobile.Code} est enregistrée. Suivi : ", text);
        Assert.Contains("/f/status?c=" + Uri.EscapeDataString(mobile.Context), text);
        Assert.Equal("LUMEO SAV", job.GetProperty("sender").GetString());
        var sent = Assert.Single(await s.MessagesAsync());
        Assert.Equal((SmsState.Sent, SmsKind.Opening, mobile.Id), (sent.State, sent.Kind, sent.TicketId));
        await using var db = s.Database.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.TicketId == mobile.Id && a.Field == "Sms" && a.After == "Opening"));
        Assert.Equal(0, await s.Dispatcher.DispatchAsync());
    }

    [Fact]
    public async Task A_question_texts_the_answer_link_but_never_twice_within_the_hour()
    {
        await using var s = await SetupAsync();
        var opened = await s.OpenAsync();
        await s.Dispatcher.DispatchAsync();

        await s.Actions.AskAsync(opened.Id, "Quel est le numéro de série ?", "camille@sav.local");
        s.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(0, await s.Dispatcher.DispatchAsync());
        var skipped = (await s.MessagesAsync())[^1];
        Assert.Equal((SmsKind.Question, SmsState.Skipped, "One an hour per ticket"), (skipped.Kind, skipped.State, skipped.Error));

        s.Clock.Advance(TimeSpan.FromMinutes(41));
        await s.Actions.AskAsync(opened.Id, "Et la facture ?", "camille@sav.local");
        Assert.Equal(1, await s.Dispatcher.DispatchAsync());
        var text = s.Ovh.Jobs.Last().GetProperty("message").GetString()!;
        Assert.StartsWith($"Service après-vente : nous avons une question sur votre demande {opened.Code}. Répondre : ", text);
        Assert.Contains("/f/answer?c=" + Uri.EscapeDataString(opened.Context), text);
    }

    [Fact]
    public async Task A_number_that_answered_stop_gets_nothing_more()
    {
        await using var s = await SetupAsync();
        s.Ovh.Blacklist.Add(Mobile164);
        var opened = await s.OpenAsync();

        Assert.Equal(0, await s.Dispatcher.DispatchAsync());

        Assert.Empty(s.Ovh.Jobs);
        var skipped = Assert.Single(await s.MessagesAsync());
        Assert.Equal((SmsState.Skipped, "STOP"), (skipped.State, skipped.Error));
        await s.Actions.AskAsync(opened.Id, "Quel est le numéro de série ?", "camille@sav.local");
        Assert.Single(await s.MessagesAsync());
    }

    [Fact]
    public async Task A_brand_that_does_not_enable_them_sends_none()
    {
        await using var s = await SetupAsync(brandEnabled: false);
        var opened = await s.OpenAsync();
        await s.Actions.AskAsync(opened.Id, "Quel est le numéro de série ?", "camille@sav.local");

        Assert.Equal(0, await s.Dispatcher.DispatchAsync());
        Assert.Empty(await s.MessagesAsync());
    }

    [Fact]
    public async Task Ovh_briefly_away_is_retried_and_the_hourly_quota_holds_the_rest()
    {
        await using var s = await SetupAsync(perHour: 2);
        for (var i = 0; i < 3; i++) await s.OpenAsync(email: $"client{i}@example.org");
        s.Ovh.FailNext = 1;

        Assert.Equal(2, await s.Dispatcher.DispatchAsync());
        var messages = await s.MessagesAsync();
        Assert.Equal([SmsState.Pending, SmsState.Sent, SmsState.Sent], messages.Select(m => m.State));
        Assert.Contains("503", messages[0].Error);

        s.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await s.Dispatcher.DispatchAsync());
        s.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await s.Dispatcher.DispatchAsync());
        Assert.All(await s.MessagesAsync(), m => Assert.Equal(SmsState.Sent, m.State));
        Assert.Equal(3, s.Ovh.Jobs.Count);
    }
}
