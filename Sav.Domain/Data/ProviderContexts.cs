using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sav.Domain.Data;

// One migrations set per provider: each provider has its own context type, so that each set
// keeps its own snapshot. Code everywhere else uses SavDbContext.
public sealed class SqliteSavDbContext(DbContextOptions<SqliteSavDbContext> options) : SavDbContext(options);

public sealed class PostgresSavDbContext(DbContextOptions<PostgresSavDbContext> options) : SavDbContext(options);

public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteSavDbContext>
{
    public SqliteSavDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSavDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresSavDbContext>
{
    public PostgresSavDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSavDbContext>().UseNpgsql("Host=localhost;Database=sav").Options);
}
