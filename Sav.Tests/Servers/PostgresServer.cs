using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sav.Domain.Data;

namespace Sav.Tests.Servers;

/// <summary>
/// A real PostgreSQL (from apt) for the tests: one throw-away cluster per test run, in a temporary
/// folder on a free loopback port, started on first use and stopped when the process ends. Each test
/// takes a database of its own with <see cref="CreateDatabaseAsync"/>. PostgreSQL refuses to run as
/// root, so when the tests run as root the cluster belongs to <c>nobody</c>.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);
    private readonly string _folder;
    private readonly string _bin;
    private readonly bool _asNobody;
    private bool _durable;
    private int _databases;

    public int Port { get; }

    private PostgresServer(string folder, int port, string bin, bool asNobody)
    {
        _folder = folder;
        Port = port;
        _bin = bin;
        _asNobody = asNobody;
    }

    private string Data => Path.Combine(_folder, "data");

    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>A cluster of its own, for a test that stops and starts it (an outage); stopped when the process ends.
    /// Its commits are written before they are acknowledged (synchronous_commit on), so that a crash keeps what it said it kept.</summary>
    public static Task<PostgresServer> PrivateAsync() => LoopbackPort.StartAsync(port => StartOnAsync(port, durable: true));

    /// <summary>Stops the cluster at once, as a crash or a power cut would (<c>pg_ctl stop -m immediate</c>).</summary>
    public Task CrashAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "stop"], _asNobody);

    /// <summary>Starts the cluster again on its port after <see cref="CrashAsync"/>.</summary>
    public Task RestartAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), StartArguments(_folder, Port, _durable), _asNobody);

    /// <summary>The shared cluster acknowledges commits before writing them (quicker, and nothing crashes it); a
    /// <paramref name="durable"/> one writes them first (to the system's cache: fsync stays off, the machine does not crash).</summary>
    private static string[] StartArguments(string folder, int port, bool durable) =>
        ["-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
         "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit={(durable ? "on" : "off")} -c full_page_writes=off -c max_connections=200", "start"];

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=sav;Database={database};Pooling=false;Timeout=30;Command Timeout=60";

    /// <summary>A new empty database with Sav's schema (EnsureCreated) and reference data.</summary>
    public async Task<PostgresTestDatabase> CreateDatabaseAsync()
    {
        var name = $"sav_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new PostgresTestDatabase(this, name, new SavDatabase(DatabaseProvider.Postgres, ConnectionString(name)));
        await using var db = database.CreateDbContext();
        await db.Database.EnsureCreatedAsync();
        await ReferenceData.EnsureAsync(db);
        return database;
    }

    internal async Task DropAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static Task<PostgresServer> StartAsync() => LoopbackPort.StartAsync(port => StartOnAsync(port, durable: false));

    private static async Task<PostgresServer> StartOnAsync(int port, bool durable)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql).");
        RemoveStaleClusters();
        var folder = Directory.CreateTempSubdirectory("sav-pg-").FullName;
        var data = Path.Combine(folder, "data");
        var asNobody = Environment.UserName == "root";
        if (asNobody) await RunAsync("chown", ["nobody:nogroup", folder], asNobody: false);

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "sav", "--auth=trust", "--encoding=UTF8", "--no-sync"], asNobody);
        await RunAsync(Path.Combine(bin, "pg_ctl"), StartArguments(folder, port, durable), asNobody);

        var server = new PostgresServer(folder, port, bin, asNobody) { _durable = durable };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(bin, data, asNobody);
        return server;
    }

    /// <summary>The test host gives exit handlers little time: the cluster is told to stop without
    /// waiting, and a detached shell removes its folder once it has gone.</summary>
    private void Stop(string bin, string data, bool asNobody)
    {
        try
        {
            RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "--no-wait", "stop"], asNobody).GetAwaiter().GetResult();
            var cleanup = new ProcessStartInfo("sh") { UseShellExecute = false, WorkingDirectory = "/" };
            foreach (var argument in new[] { "-c", "sleep 3; rm -rf \"$0\"", _folder }) cleanup.ArgumentList.Add(argument);
            Process.Start(cleanup)?.Dispose();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // The folder is left behind for RemoveStaleClusters; the cluster stops with an immediate shutdown anyway.
        }
    }

    /// <summary>The test host may be ended before its exit handler removes the folder: clusters of
    /// earlier runs that are no longer running (no postmaster.pid) and are over an hour old go now.</summary>
    private static void RemoveStaleClusters()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "sav-pg-*"))
        {
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid"))
                || Directory.GetCreationTimeUtc(folder) > DateTime.UtcNow.AddHours(-1)) continue;
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asNobody)
    {
        var start = new ProcessStartInfo(asNobody ? "runuser" : program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/",
        };
        if (asNobody)
        {
            foreach (var a in new[] { "-u", "nobody", "--", program }) start.ArgumentList.Add(a);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {await error}{await output}");
    }

}

/// <summary>A database of its own for one test, dropped at the end.</summary>
public sealed class PostgresTestDatabase(PostgresServer server, string name, SavDatabase database)
    : IDbContextFactory<SavDbContext>, IAsyncDisposable
{
    public SavDatabase Database => database;
    public string Name => name;

    public SavDbContext CreateDbContext() => database.CreateContext();

    public ValueTask DisposeAsync() => new(server.DropAsync(name));
}
