using Microsoft.EntityFrameworkCore;
using Sav.Domain.Analysts;
using Sav.Domain.Brands;
using Sav.Domain.Replies;
using Sav.Tests.Support;

namespace Sav.Tests.Domain.Replies;

/// <summary>Who sees and edits which « réponse type », and what the picker offers on a ticket.</summary>
public class ReplyTemplatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private sealed record Team(TestDatabase Database, ReplyAuthor Camille, ReplyAuthor Lea, ReplyAuthor Admin, int TicketId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    private static async Task<Team> TeamAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var services = new TestServices(database);
        var opened = await services.Opener.OpenAsync(TestServices.ValidRequest(), "form");
        await using var db = database.CreateDbContext();
        Analyst Add(string email, AnalystRole role) => db.Analysts.Add(new Analyst { Email = email, DisplayName = email.Split('@')[0], Role = role }).Entity;
        var (camille, lea, admin) = (Add("camille@sav.local", AnalystRole.Analyst), Add("lea@sav.local", AnalystRole.Analyst), Add("chef@sav.local", AnalystRole.Admin));
        await db.SaveChangesAsync();
        return new Team(database, new(camille.Id, false), new(lea.Id, false), new(admin.Id, true), opened.Id);
    }

    private static async Task<ReplyTemplate> SaveAsync(Team team, ReplyAuthor author, string title, string body = "Bonjour {{contact.nom}}",
        bool shared = false, string language = "fr", int? brandId = null, int id = 0)
    {
        await using var db = team.Database.CreateDbContext();
        return await ReplyTemplates.SaveAsync(db, new ReplyTemplate
        {
            Id = id, Title = title, Body = body, Language = language, BrandId = brandId, OwnerId = shared ? null : author.AnalystId,
        }, author, Now);
    }

    private static async Task<List<string>> OfferedAsync(Team team, ReplyAuthor who, string? term = null)
    {
        await using var db = team.Database.CreateDbContext();
        return (await ReplyTemplates.OfferAsync(db, who.AnalystId, team.TicketId, term)).Select(r => r.Title).ToList();
    }

    [Fact]
    public async Task An_analyst_is_offered_the_shared_ones_and_their_own_in_the_tickets_language_and_brand()
    {
        await using var team = await TeamAsync();
        var otherBrand = new Brand { Code = "autre", Name = "Autre" };
        await using (var db = team.Database.CreateDbContext())
        {
            db.Brands.Add(otherBrand);
            await db.SaveChangesAsync();
        }
        await SaveAsync(team, team.Admin, "Demande de photos", shared: true);
        await SaveAsync(team, team.Camille, "Ma relance");
        await SaveAsync(team, team.Lea, "Relance de Léa");
        await SaveAsync(team, team.Admin, "Photos request", shared: true, language: "en");
        await SaveAsync(team, team.Admin, "Pour l'autre marque", shared: true, brandId: otherBrand.Id);

        Assert.Equal(["Demande de photos", "Ma relance"], await OfferedAsync(team, team.Camille));
        Assert.Equal(["Demande de photos", "Relance de Léa"], await OfferedAsync(team, team.Lea));
    }

    [Fact]
    public async Task The_picker_matches_every_word_accents_aside_and_offers_the_most_used_first()
    {
        await using var team = await TeamAsync();
        await SaveAsync(team, team.Admin, "Écran : demande de photos", shared: true);
        var facture = await SaveAsync(team, team.Admin, "Demande de facture", "Merci de joindre la facture.", shared: true);
        await SaveAsync(team, team.Admin, "Retour atelier", "Étiquette prépayée envoyée.", shared: true);

        Assert.Equal(["Écran : demande de photos"], await OfferedAsync(team, team.Camille, "ecran DEMANDE"));
        Assert.Equal(["Retour atelier"], await OfferedAsync(team, team.Camille, "etiquette"));
        Assert.Equal(["Demande de facture", "Écran : demande de photos"], await OfferedAsync(team, team.Camille, "demande"));

        await using (var db = team.Database.CreateDbContext())
        {
            await ReplyTemplates.InsertAsync(db, facture.Id, team.TicketId, team.Camille.AnalystId);
            await ReplyTemplates.InsertAsync(db, facture.Id, team.TicketId, team.Lea.AnalystId);
        }
        Assert.Equal("Demande de facture", (await OfferedAsync(team, team.Camille))[0]);
    }

    [Fact]
    public async Task Inserting_fills_the_template_from_the_ticket_and_the_analyst_writing()
    {
        await using var team = await TeamAsync();
        var reply = await SaveAsync(team, team.Admin, "Photos", "Bonjour {{contact.nom}}, dossier {{ticket.code}} ({{ticket.sujet}}) — {{analyste.nom}}, {{marque}} {{client.nom}}", shared: true);

        await using var db = team.Database.CreateDbContext();
        var filled = await ReplyTemplates.InsertAsync(db, reply.Id, team.TicketId, team.Camille.AnalystId);

        var ticket = await db.Tickets.Include(t => t.Contact).Include(t => t.Brand).SingleAsync(t => t.Id == team.TicketId);
        var brand = ticket.Brand?.Name ?? await db.Brands.Where(b => b.IsDefault).Select(b => b.Name).SingleAsync();
        Assert.False(string.IsNullOrEmpty(ticket.CustomerText));
        Assert.Equal($"Bonjour {ticket.Contact!.Name}, dossier {ticket.Code} ({ticket.Subject}) — camille, {brand} {ticket.CustomerText}", filled.Text);
        Assert.True(filled.Complete);
        Assert.Equal(1, await db.ReplyTemplates.Where(r => r.Id == reply.Id).Select(r => r.UsageCount).SingleAsync());
    }

    [Fact]
    public async Task Only_administrators_share_and_nobody_edits_what_is_not_theirs()
    {
        await using var team = await TeamAsync();
        var shared = await SaveAsync(team, team.Admin, "Partagée", shared: true);
        var leas = await SaveAsync(team, team.Lea, "À Léa");

        var refused = await Assert.ThrowsAsync<ReplyTemplateException>(() => SaveAsync(team, team.Camille, "Pour tous", shared: true));
        Assert.Equal(ReplyProblem.SharedByAdminsOnly, refused.Problem);
        refused = await Assert.ThrowsAsync<ReplyTemplateException>(() => SaveAsync(team, team.Camille, "Changée", id: shared.Id, shared: true));
        Assert.Equal(ReplyProblem.SharedByAdminsOnly, refused.Problem);
        refused = await Assert.ThrowsAsync<ReplyTemplateException>(() => SaveAsync(team, team.Camille, "Prise", id: leas.Id));
        Assert.Equal(ReplyProblem.NotFound, refused.Problem);
        await using (var db = team.Database.CreateDbContext())
        {
            refused = await Assert.ThrowsAsync<ReplyTemplateException>(() => ReplyTemplates.DeleteAsync(db, leas.Id, team.Camille));
            Assert.Equal(ReplyProblem.NotFound, refused.Problem);
            refused = await Assert.ThrowsAsync<ReplyTemplateException>(() => ReplyTemplates.InsertAsync(db, leas.Id, team.TicketId, team.Camille.AnalystId));
            Assert.Equal(ReplyProblem.NotFound, refused.Problem);
        }
        refused = await Assert.ThrowsAsync<ReplyTemplateException>(() => SaveAsync(team, team.Camille, "  "));
        Assert.Equal(ReplyProblem.TitleRequired, refused.Problem);
        refused = await Assert.ThrowsAsync<ReplyTemplateException>(() => SaveAsync(team, team.Camille, "Vide", body: "\n "));
        Assert.Equal(ReplyProblem.BodyRequired, refused.Problem);

        await SaveAsync(team, team.Admin, "Partagée, revue", id: shared.Id, shared: true);
        await using (var db = team.Database.CreateDbContext())
        {
            await ReplyTemplates.DeleteAsync(db, leas.Id, team.Lea);
            Assert.Equal(["Partagée, revue"], await db.ReplyTemplates.Select(r => r.Title).ToListAsync());
        }
    }
}
