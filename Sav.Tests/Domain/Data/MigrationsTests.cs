using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;

namespace Sav.Tests.Domain.Data;

/// <summary>The migrations make the schema the model describes, for both providers: a model change without its migration
/// would leave an installed database behind the code at its next upgrade.</summary>
public class MigrationsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=unused.db")]
    [InlineData(DatabaseProvider.Postgres, "Host=unused;Database=unused")]
    public void Each_providers_migrations_match_the_model(DatabaseProvider provider, string connectionString)
    {
        // Compared with the migrations' snapshot: no server is reached.
        using var db = new SavDatabase(provider, connectionString).CreateContext();
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task The_tickets_are_indexed_for_their_searches_only()
    {
        var folder = Directory.CreateTempSubdirectory("sav-migrations-").FullName;
        try
        {
            await using var db = new SavDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "sav.db")};Pooling=false").CreateContext();
            await db.Database.MigrateAsync();
            var indexes = await db.Database.SqlQuery<string>(
                $"SELECT name AS Value FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Tickets' AND name NOT LIKE 'sqlite_%' ORDER BY name").ToListAsync();
            // Every index is written at each opening: the code, the lists by status, the duplicate check, the analyst's own
            // list, the client's page, the ticket page's likely duplicates (the same contact's tickets) and the reports' periods
            // (creation time, with what the reports read beside it), the menu's count of late tickets (the next response
            // deadline); none led by brand, family or product, which nothing searches tickets by.
            Assert.Equal(["IX_Tickets_AnalystId", "IX_Tickets_ClientId", "IX_Tickets_Code", "IX_Tickets_ContactId", "IX_Tickets_Opened",
                "IX_Tickets_SlaDueAt_StatusId", "IX_Tickets_StatusId_UpdatedAt", "IX_Tickets_SubmissionKey"], indexes);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
