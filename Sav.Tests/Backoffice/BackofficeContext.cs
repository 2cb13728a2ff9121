using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Sav.Domain.Mail.Outbox;
using Sav.Domain.Analysts;
using Sav.Domain.Data;
using Sav.Domain.Tickets;
using Sav.Tests.Support;

namespace Sav.Tests.Backoffice;

/// <summary>A bunit context for backoffice components over a real test database, with the clock stopped
/// and an analyst signed in.</summary>
public sealed class BackofficeContext : BunitContext
{
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);
    public TestDatabase Database { get; private set; } = null!;
    public TestServices Domain { get; private set; } = null!;
    public BunitAuthorizationContext Auth { get; }
    public Sav.Domain.Documents.DocumentOptions Documents { get; private set; } = null!;
    public TicketActions Actions => new(Database, Domain.Composer, Clock);

    private BackofficeContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<TimeProvider>(Clock);
        Auth = AddAuthorization();
    }

    public static async Task<BackofficeContext> CreateAsync(bool demo = false)
    {
        var context = new BackofficeContext();
        context.Database = await TestDatabase.CreateAsync(demo, context.Clock);
        context.Domain = new TestServices(context.Database, context.Clock);
        context.Documents = new Sav.Domain.Documents.DocumentOptions { Folder = context.Database.SubFolder("documents") };
        context.Services.AddSingleton<IDbContextFactory<SavDbContext>>(context.Database);
        context.Services.AddSingleton(context.Domain.Contexts);
        context.Services.AddSingleton(context.Domain.Composer);
        context.Services.AddSingleton(context.Domain.Opener);
        context.Services.AddSingleton(context.Actions);
        context.Services.AddSingleton(new TicketMerge(context.Database, context.Domain.Composer, context.Clock));
        context.Services.AddSingleton(new Sav.Domain.Sms.SmsNotices(Options.Create(new Sav.Domain.Sms.SmsOptions()), context.Domain.Composer,
            context.Domain.Contexts, context.Clock));
        context.Services.AddSingleton(new Sav.Domain.Sla.SlaBoard(
            new Sav.Domain.Sla.WorkingCalendar(new Sav.Domain.Sla.WorkingHoursOptions(), Sav.Domain.Reports.TeamTime.DefaultZone), context.Clock));
        context.Services.AddSingleton(new OutboxAdmin(context.Database, Options.Create(context.Domain.Mail), context.Clock));
        context.Services.AddSingleton(new Sav.Domain.Mail.Mailbox.RejectedMails(context.Database,
            new Sav.Domain.Mail.Mailbox.MailFiler(context.Database, new Sav.Domain.Documents.LocalDocumentStore(Options.Create(context.Documents)), context.Domain.Composer, context.Clock),
            new Sav.Domain.Mail.Mailbox.ReplyMatcher(context.Domain.Contexts),
            Options.Create(new Sav.Domain.Mail.Mailbox.MailboxOptions { Folder = context.Database.SubFolder("inbox"), QuarantineFolder = context.Database.SubFolder("quarantine") }),
            Options.Create(context.Documents), context.Clock, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        return context;
    }

    /// <summary>Signs in the analyst with this e-mail, creating them when the database has none.</summary>
    public async Task<Analyst> SignInAsync(string email = DemoData.DevelopmentAnalyst, AnalystRole role = AnalystRole.Analyst)
    {
        await using var db = Database.CreateDbContext();
        var analyst = await db.Analysts.FirstOrDefaultAsync(a => a.Email == email);
        if (analyst is null)
        {
            analyst = new Analyst { Email = email, DisplayName = email.Split('@')[0], Role = role };
            db.Analysts.Add(analyst);
            await db.SaveChangesAsync();
        }
        Auth.SetAuthorized(analyst.DisplayName);
        Auth.SetRoles(analyst.Role.ToString());
        // After the roles: bunit rebuilds the user from its last SetClaims.
        Auth.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, analyst.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Email, analyst.Email));
        return analyst;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (Database is not null) await Database.DisposeAsync();
    }
}
