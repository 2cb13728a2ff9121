using Microsoft.EntityFrameworkCore;
using Sav.Backoffice.Cli;
using Sav.Domain.Data;
using Sav.Domain.Tickets;

namespace Sav.Tests.Backoffice.Cli;

/// <summary>Runs the admin verbs in-process over a database and folder of the test's own.</summary>
public abstract class CliTests : IDisposable
{
    protected const string Secret = "cli-test-secret-0123456789abcdef";
    protected readonly string _folder = Directory.CreateTempSubdirectory("sav-cli-").FullName;
    protected string Connection => $"Data Source={Path.Combine(_folder, "sav.db")};Pooling=False";

    protected async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await AdminCli.RunAsync([.. args, $"--ConnectionStrings:Sav={Connection}", $"--Sav:ContextSecret={Secret}"], output, error);
        return (code, output.ToString(), error.ToString());
    }

    protected SavDbContext Open() => new SavDatabase(DatabaseProvider.Sqlite, Connection).CreateContext();

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
