using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sav.Backoffice.Cli;
using Sav.Domain.Data;
using Sav.Tests.Servers;

namespace Sav.Tests.Backoffice.Cli;

public class AdminCliPostgresTests
{
    [Fact]
    public async Task Migrate_and_seed_demo_work_on_a_real_postgresql_server()
    {
        var server = await PostgresServer.SharedAsync();
        var name = $"sav_cli_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        string[] settings = ["--Database:Provider=Postgres", $"--ConnectionStrings:Sav={server.ConnectionString(name)}",
            "--Sav:ContextSecret=cli-test-secret-0123456789abcdef"];
        var error = new StringWriter();

        var migrated = await AdminCli.RunAsync(["migrate", .. settings], TextWriter.Null, error);
        var seeded = await AdminCli.RunAsync(["seed-demo", .. settings], TextWriter.Null, error);
        var again = await AdminCli.RunAsync(["migrate", .. settings], TextWriter.Null, error);

        Assert.Equal((0, 0, 0), (migrated, seeded, again));
        Assert.Equal("", error.ToString());
        await using var db = new SavDatabase(DatabaseProvider.Postgres, server.ConnectionString(name)).CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var codes = await db.Tickets.OrderBy(t => t.Id).Select(t => t.Code).ToListAsync();
        Assert.Equal(180, codes.Count);
        Assert.Equal("A000", codes[0]);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.True(await db.Tickets.AnyAsync(t => t.UpdatedAt > t.CreatedAt));
        // Quartz's tables for the clustered jobs, which the hosts only read.
        var quartz = await db.Database.SqlQueryRaw<string>(
            "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_name LIKE 'qrtz\\_%'").ToListAsync();
        Assert.Contains("qrtz_triggers", quartz);
        Assert.Contains("qrtz_scheduler_state", quartz);
        Assert.Contains("qrtz_locks", quartz);
    }
}
