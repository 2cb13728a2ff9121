using Microsoft.EntityFrameworkCore;
using Sav.Domain.Analysts;
using Sav.Domain.Audit;
using Sav.Domain.Brands;
using Sav.Domain.Catalog;
using Sav.Domain.Clients;
using Sav.Domain.Conversations;
using Sav.Domain.Tickets;

namespace Sav.Domain.Data;

/// <summary>A realistic data set for a demonstration: the white label and three distributors,
/// the catalogue, a few hundred clients and tickets in every status. Seeds only an empty database.</summary>
public static class DemoData
{
    public const string DevelopmentAnalyst = "analyste@sav.local";
    public const string DevelopmentAdmin = "admin@sav.local";

    public static async Task<bool> SeedAsync(SavDbContext db, TimeProvider clock, int clients = 240, int tickets = 180,
        CancellationToken cancellationToken = default)
    {
        await ReferenceData.EnsureAsync(db, cancellationToken);
        if (await db.Tickets.AnyAsync(cancellationToken) || await db.Clients.AnyAsync(cancellationToken)) return false;

        var random = new Random(42);
        var now = clock.GetUtcNow();
        var brands = await SeedBrandsAsync(db, cancellationToken);
        var families = SeedCatalog(db);
        var analysts = await SeedAnalystsAsync(db, cancellationToken);
        var clientRows = SeedClients(db, random, clients, now);
        db.ReplyTemplates.AddRange(Replies.DemoReplies.For(now));
        // A first answer within a working day, a closing within a working week.
        db.SlaTargets.Add(new Sla.SlaTarget { AnswerHours = 8, CloseHours = 45, ValidFrom = now.AddYears(-2) });
        await db.SaveChangesAsync(cancellationToken);

        var statuses = await db.Statuses.OrderBy(s => s.Order).ToListAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < tickets; i++)
        {
            var client = clientRows[random.Next(clientRows.Count)];
            var contact = client.Contacts[random.Next(client.Contacts.Count)];
            var family = families[random.Next(families.Count)];
            var product = family.Products[random.Next(family.Products.Count)];
            // Older tickets are mostly closed; recent ones are spread over the open statuses.
            var created = now.AddMinutes(-random.Next(30, 60 * 24 * 200));
            var age = (now - created).TotalDays;
            var status = age > 60 && random.NextDouble() < 0.8 ? statuses[^1] : statuses[random.Next(statuses.Count)];
            var (subject, description) = Problems[random.Next(Problems.Length)];
            var updated = created.AddMinutes(random.Next(0, (int)Math.Max(1, (now - created).TotalMinutes)));
            var ticket = new Ticket
            {
                Code = await TicketCode.NextAsync(db, cancellationToken),
                Client = client,
                Contact = contact,
                ProductFamily = family,
                Product = product,
                SerialNumber = $"SN{random.Next(100000, 999999)}-{(char)('A' + random.Next(26))}",
                OrderNumber = random.NextDouble() < 0.6 ? $"CMD-{random.Next(20000, 99999)}" : null,
                InvoiceNumber = random.NextDouble() < 0.4 ? $"FA{random.Next(100000, 999999)}" : null,
                Warranty = (Warranty)random.Next(3),
                Subject = $"{subject} — {product.Name}",
                Description = description,
                Status = status,
                Analyst = status.Code == WellKnownStatus.New ? null : analysts[random.Next(analysts.Count)],
                Channel = (Channel)random.Next(4),
                Brand = brands[random.Next(brands.Count)],
                CreatedAt = created,
                UpdatedAt = updated,
            };
            ticket.Conversation.Add(new ConversationEntry
            {
                Direction = Direction.FromCustomer, Channel = ticket.Channel, Author = contact.Email, Text = description, At = created,
            });
            if (status.Code != WellKnownStatus.New)
            {
                ticket.Conversation.Add(new ConversationEntry
                {
                    Direction = Direction.ToCustomer, Channel = Channel.Email, Author = ticket.Analyst?.Email ?? DevelopmentAnalyst,
                    Text = Questions[random.Next(Questions.Length)], At = created.AddHours(random.Next(1, 48)),
                });
                ticket.History.Add(new AuditEntry
                {
                    At = updated, Actor = ticket.Analyst?.Email ?? DevelopmentAnalyst, Field = "Status",
                    Before = statuses[0].Display, After = status.Display, Reason = "Demo",
                });
            }
            // The facts reports read, as the rules would have recorded them.
            ticket.FirstAnsweredAt = ticket.Conversation.Where(e => e.Direction == Direction.ToCustomer).Select(e => (DateTimeOffset?)e.At).FirstOrDefault();
            if (status.Category == StatusCategory.Closed)
            {
                ticket.ClosedAt = updated;
                ticket.Milestones.Add(new TicketMilestone { Kind = MilestoneKind.Closed, At = updated });
            }
            db.Tickets.Add(ticket);
        }
        await db.SaveChangesAsync(cancellationToken);
        db.SatisfactionRatings.AddRange(DemoRatings(db.Tickets.Local.Where(t => t.ClosedAt is not null)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Half the closed tickets rated by their customer, mostly satisfied (drawn apart: the tickets stay as they were).</summary>
    private static IEnumerable<Satisfaction.SatisfactionRating> DemoRatings(IEnumerable<Ticket> closed)
    {
        var random = new Random(7);
        foreach (var ticket in closed)
        {
            if (random.NextDouble() >= 0.5) continue;
            var draw = random.NextDouble();
            yield return new Satisfaction.SatisfactionRating
            {
                TicketId = ticket.Id, ClosedAt = ticket.ClosedAt!.Value, At = ticket.ClosedAt.Value.AddHours(random.Next(1, 72)), AnalystId = ticket.AnalystId,
                Rating = draw < 0.7 ? Satisfaction.Rating.Satisfied : draw < 0.85 ? Satisfaction.Rating.Neutral : Satisfaction.Rating.Unsatisfied,
                Comment = draw >= 0.85 ? "Trop long à obtenir une réponse." : null,
            };
        }
    }

    private static async Task<List<Brand>> SeedBrandsAsync(SavDbContext db, CancellationToken cancellationToken)
    {
        var existing = await db.Brands.ToListAsync(cancellationToken);
        var fallback = existing.FirstOrDefault(b => b.IsDefault && b.Code == "sav");
        if (fallback is not null) db.Brands.Remove(fallback);
        List<Brand> brands =
        [
            new() { Code = "lumeo", Name = "Lumeo", SenderName = "SAV Lumeo", SenderAddress = "sav@lumeo.example", ReplyTo = "sav@lumeo.example",
                    PrimaryColor = "#1f4e79", AccentColor = "#f0a500", IsDefault = true },
            new() { Code = "distrilux", Name = "Distrilux", SenderName = "SAV Distrilux", SenderAddress = "sav@distrilux.example",
                    ReplyTo = "sav@lumeo.example", PrimaryColor = "#7a1f3d", AccentColor = "#e0b040" },
            new() { Code = "technopro", Name = "TechnoPro", SenderName = "SAV TechnoPro", SenderAddress = "sav@technopro.example",
                    ReplyTo = "sav@lumeo.example", PrimaryColor = "#1d5c3a", AccentColor = "#9ccc65" },
            new() { Code = "ecranplus", Name = "Écran+", SenderName = "SAV Écran+", SenderAddress = "sav@ecranplus.example",
                    ReplyTo = "sav@lumeo.example", PrimaryColor = "#33334d", AccentColor = "#ff7043" },
        ];
        db.Brands.AddRange(brands);
        return brands;
    }

    private static List<ProductFamily> SeedCatalog(SavDbContext db)
    {
        List<ProductFamily> families =
        [
            Family("ECRAN", ("Écrans tactiles", "Touch screens"), 1, ("ET-55", "Écran tactile 55\"", "55\" touch screen"), ("ET-65", "Écran tactile 65\"", "65\" touch screen"),
                ("ET-75", "Écran tactile 75\"", "75\" touch screen"), ("ET-86", "Écran tactile 86\"", "86\" touch screen")),
            Family("TELECO", ("Télécommandes", "Remote controls"), 2, ("TC-100", "Télécommande TC-100", "TC-100 remote control"),
                ("TC-200", "Télécommande TC-200 rétroéclairée", "TC-200 backlit remote control")),
            Family("BORNE", ("Bornes interactives", "Interactive kiosks"), 3, ("BI-32", "Borne interactive 32\"", "32\" interactive kiosk"),
                ("BI-43", "Borne interactive 43\"", "43\" interactive kiosk")),
            Family("SUPPORT", ("Supports et pieds", "Mounts and stands"), 4, ("SM-01", "Support mural", "Wall mount"), ("PM-02", "Pied mobile motorisé", "Motorised mobile stand")),
            Family("ACC", ("Accessoires", "Accessories"), 5, ("ST-01", "Stylet actif", "Active stylus"), ("CB-HDMI", "Câble HDMI 5 m", "5 m HDMI cable"),
                ("MOD-PC", "Module PC OPS", "OPS PC module")),
            Family("LOGICIEL", ("Logiciels", "Software"), 6, ("LG-ANNOT", "Logiciel d'annotation", "Annotation software"), ("LG-MDM", "Gestion de parc", "Device management")),
        ];
        db.ProductFamilies.AddRange(families);
        return families;

        static ProductFamily Family(string code, (string French, string English) name, int order, params (string Code, string Name, string NameEn)[] products) => new()
        {
            Code = code, Name = name.French, NameEn = name.English, Order = order,
            Products = products.Select(p => new Product { Code = p.Code, Name = p.Name, NameEn = p.NameEn }).ToList(),
        };
    }

    private static async Task<List<Analyst>> SeedAnalystsAsync(SavDbContext db, CancellationToken cancellationToken)
    {
        var analysts = await db.Analysts.ToListAsync(cancellationToken);
        Analyst[] demo =
        [
            new() { Email = DevelopmentAnalyst, DisplayName = "Camille Martin", Role = AnalystRole.Analyst },
            new() { Email = DevelopmentAdmin, DisplayName = "Dominique Bernard", Role = AnalystRole.Admin },
            new() { Email = "lea.dubois@sav.local", DisplayName = "Léa Dubois", Role = AnalystRole.Analyst },
            new() { Email = "hugo.petit@sav.local", DisplayName = "Hugo Petit", Role = AnalystRole.Analyst },
        ];
        foreach (var analyst in demo.Where(a => analysts.All(x => x.Email != a.Email)))
        {
            db.Analysts.Add(analyst);
            analysts.Add(analyst);
        }
        return analysts;
    }

    private static List<Client> SeedClients(SavDbContext db, Random random, int count, DateTimeOffset now)
    {
        var clients = new List<Client>(count);
        for (var i = 0; i < count; i++)
        {
            var name = $"{Prefixes[random.Next(Prefixes.Length)]} {Names[random.Next(Names.Length)]}";
            if (clients.Any(c => c.Name == name)) name += $" {Cities[random.Next(Cities.Length)]}";
            var domain = TextKeySlug(name) + ".example";
            var city = Cities[random.Next(Cities.Length)];
            var client = new Client
            {
                ErpId = $"C{10000 + i}",
                Name = name,
                Address = $"{random.Next(1, 200)} rue {Streets[random.Next(Streets.Length)]}, {random.Next(10, 95)}{random.Next(100, 999)} {city}",
                Phone = $"0{random.Next(1, 6)} {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)}",
                EmailDomain = domain,
                CreatedAt = now.AddDays(-random.Next(200, 2000)),
            };
            for (var c = 0; c < random.Next(1, 4); c++)
            {
                var first = FirstNames[random.Next(FirstNames.Length)];
                var last = LastNames[random.Next(LastNames.Length)];
                client.Contacts.Add(new Contact
                {
                    Name = $"{first} {last}",
                    Email = $"{TextKeySlug(first)}.{TextKeySlug(last)}{(c > 0 ? c.ToString() : "")}@{domain}",
                    Phone = $"06 {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)}",
                });
            }
            clients.Add(client);
        }
        db.Clients.AddRange(clients);
        return clients;
    }

    private static string TextKeySlug(string text) =>
        new(Text.TextKey.Fold(text).Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9').ToArray());

    private static readonly string[] Prefixes = ["Collège", "Lycée", "Mairie de", "Groupe", "Clinique", "Cabinet", "Agence", "Hôtel", "Médiathèque", "Société"];
    private static readonly string[] Names = ["Jean Moulin", "Victor Hugo", "Les Tilleuls", "Saint-Exupéry", "Pasteur", "Beaulieu", "Horizon", "Atlantique", "Les Cèdres", "Montaigne", "Voltaire", "Riviera", "Marie Curie", "Jules Verne", "Le Phare", "Bellevue", "Condorcet", "Arc-en-Ciel", "Colbert", "Lumière"];
    private static readonly string[] Cities = ["Lyon", "Nantes", "Bordeaux", "Lille", "Rennes", "Grenoble", "Dijon", "Tours", "Metz", "Nîmes", "Brest", "Annecy"];
    private static readonly string[] Streets = ["de la République", "Victor Hugo", "des Écoles", "du Général de Gaulle", "Pasteur", "de la Gare", "des Lilas"];
    private static readonly string[] FirstNames = ["Marie", "Thomas", "Julie", "Nicolas", "Sophie", "Pierre", "Émilie", "Antoine", "Claire", "François", "Inès", "Mathis"];
    private static readonly string[] LastNames = ["Martin", "Bernard", "Durand", "Lefèvre", "Moreau", "Laurent", "Girard", "Roux", "Fournier", "Mercier", "Lambert", "Bonnet"];

    internal static readonly (string Subject, string Description)[] Problems =
    [
        ("Écran ne s'allume plus", "Depuis ce matin l'écran reste noir, le voyant est orange. Nous avons essayé une autre prise."),
        ("Tactile décalé", "Le tactile répond à environ 2 cm à côté du doigt, surtout en bas à droite."),
        ("Télécommande sans effet", "La télécommande ne répond plus, piles changées. Le capteur clignote quand on appuie."),
        ("Image qui scintille", "L'image scintille quand on branche le PC en HDMI, pas avec le module OPS."),
        ("Bruit du pied motorisé", "Le pied motorisé fait un bruit de claquement en montée."),
        ("Licence logiciel expirée", "Le logiciel d'annotation affiche une licence expirée alors que le contrat court jusqu'en juin."),
        ("Stylet ne fonctionne pas", "Le stylet actif n'écrit plus, même après recharge complète."),
        ("Demande de retour produit", "Produit reçu avec la vitre fêlée, nous souhaitons un échange."),
        ("Mise à jour bloquée", "La mise à jour du firmware reste bloquée à 45 % depuis hier."),
        ("Pas de son", "Plus aucun son sur les haut-parleurs intégrés, le son passe en Bluetooth."),
    ];

    internal static readonly string[] Questions =
    [
        "Pouvez-vous nous envoyer une photo de l'étiquette au dos de l'appareil, avec le numéro de série ?",
        "Pourriez-vous nous filmer le problème (une courte vidéo suffit) en répondant à ce mail ?",
        "Quelle version du firmware est affichée dans Paramètres > À propos ?",
        "L'appareil est-il branché sur un onduleur ou directement sur le secteur ?",
    ];
}
