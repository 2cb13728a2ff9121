using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Sav.Domain.Data;
using Sav.Domain.Data.Statements;

namespace Sav.Domain.Tickets.Writer;

/// <summary>A context and its open connection, with the statements run on it, kept from one batch to the next.</summary>
internal sealed class WriterSession(SavDbContext db, PreparedStatements statements) : IAsyncDisposable
{
    public SavDbContext Db => db;
    public DbConnection Connection => db.Database.GetDbConnection();
    public PreparedStatements Statements => statements;

    public static async Task<WriterSession> OpenAsync(IDbContextFactory<SavDbContext> factory)
    {
        var db = await factory.CreateDbContextAsync(CancellationToken.None);
        try
        {
            await db.Database.OpenConnectionAsync(CancellationToken.None);
            return new WriterSession(db, PreparedStatements.For(db.Database.GetDbConnection()));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The statements first: a pooled connection must not keep them.
        await statements.DisposeAsync();
        await db.Database.CloseConnectionAsync();
        await db.DisposeAsync();
    }
}
