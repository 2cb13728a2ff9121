using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sav.Domain.Data;

namespace Sav.Tests.Support;

/// <summary>A real SQLite file in a folder of its own, deleted at the end: each test gets its own database.</summary>
public sealed class TestDatabase : IDbContextFactory<SavDbContext>, IAsyncDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("sav-test-").FullName;
    public string ConnectionString => $"Data Source={Path.Combine(Folder, "sav.db")};Pooling=False";
    public SavDatabase Database => new(DatabaseProvider.Sqlite, ConnectionString);

    private TestDatabase() { }

    /// <summary>A new database with the schema and the reference data (statuses, a default brand).</summary>
    public static async Task<TestDatabase> CreateAsync(bool demo = false, TimeProvider? clock = null)
    {
        var database = new TestDatabase();
        await using var db = database.CreateDbContext();
        await db.Database.EnsureCreatedAsync();
        await ReferenceData.EnsureAsync(db);
        if (demo) await DemoData.SeedAsync(db, clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow), clients: 30, tickets: 40);
        return database;
    }

    public SavDbContext CreateDbContext() => Database.CreateContext();

    /// <summary>A sub-folder for mail, documents and the like, removed with the database.</summary>
    public string SubFolder(string name)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
