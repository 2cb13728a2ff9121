using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sav.Domain;
using Sav.Domain.Admin;
using Sav.Domain.Data;
using Sav.Domain.Erp;

namespace Sav.Backoffice.Cli;

/// <summary>
/// The admin verbs of the backoffice's executable, on System.CommandLine: given on the command line, they run and exit
/// without the web server. Exit codes: 0 done, 1 failed (one line on standard error says why), 2 wrong usage (the
/// verb's usage on standard error). Settings are given as <c>--Key=Value</c> (<c>--ConnectionStrings:Sav=…</c>), as to
/// the hosts. The rules are in Sav.Domain; the verbs parse, call and print.
/// </summary>
public static partial class AdminCli
{
    private static readonly string[] Verbs =
    [
        "migrate", "seed-demo", "context", "backup", "import-clients", "export-clients", "sync-clients", "add-analyst", "deactivate-analyst", "list-analysts",
        "help", "--help", "-h", "-?",
    ];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    /// <summary>A setting for the host, not an option of a verb: <c>--Key=Value</c> or <c>--Section:Key=Value</c>.</summary>
    private static bool IsSetting(string arg) => arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=');

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken ct = default)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var settings = args.Where(IsSetting).ToArray();
        var words = args.Where(a => !IsSetting(a)).Select(a => a == "help" ? "--help" : a).ToArray();
        var context = new VerbContext(settings, output, error);
        var root = Commands(context);
        var parsed = root.Parse(words);
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) error.WriteLine(e.Message);
            // The usage of the verb that was meant (or of them all).
            var path = new List<string>();
            for (var c = parsed.CommandResult; c.Parent is System.CommandLine.Parsing.CommandResult parent; c = parent) path.Insert(0, c.Command.Name);
            await root.Parse([.. path, "--help"]).InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, ct);
            return 2;
        }
        try
        {
            return await parsed.InvokeAsync(invocation, ct);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException or IOException
            or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or ReferenceDataException or UnauthorizedAccessException or ErpException)
        {
            var message = e switch
            {
                ReferenceDataException refused => Resources.UiText.Refused(refused, System.Globalization.CultureInfo.GetCultureInfo("en")),
                ErpException => e.Message,
                _ => e.GetBaseException().Message,
            };
            return context.Fail($"{parsed.CommandResult.Command.Name} failed: {message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>What every verb needs: the host's settings, where to write, and the services of a host built for it.</summary>
    private sealed class VerbContext(string[] settings, TextWriter output, TextWriter error)
    {
        public TextWriter Output => output;
        public TextWriter Error => error;

        public int Fail(string reason)
        {
            error.WriteLine(reason);
            return 1;
        }

        /// <summary>Builds the host (its settings checked as at a host's start) and runs <paramref name="verb"/> with a
        /// scope and its database.</summary>
        public async Task<int> WithDatabaseAsync(Func<IServiceProvider, SavDbContext, Task<int>> verb)
        {
            var builder = Host.CreateApplicationBuilder(settings);
            builder.AddSavDomain();
            builder.AddSavErp();
            using var host = builder.Build();
            host.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
            await using var scope = host.Services.CreateAsyncScope();
            return await verb(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<SavDbContext>());
        }

        /// <summary>A progress line: redrawn in place on a terminal, a line each tenth otherwise.</summary>
        public IProgress<(long Done, long Total)> Progress(string what)
        {
            var terminal = output == Console.Out && !Console.IsOutputRedirected;
            var lastTenth = -1L;
            return new SyncProgress(p =>
            {
                var percent = p.Total == 0 ? 100 : p.Done * 100 / p.Total;
                var bar = new string('#', (int)(percent / 5)).PadRight(20, '.');
                if (terminal) output.Write($"\r{what}: [{bar}] {p.Done:N0} / {p.Total:N0}{(p.Done >= p.Total ? "\n" : "")}");
                else if (percent / 10 != lastTenth)
                {
                    lastTenth = percent / 10;
                    output.WriteLine($"{what}: {p.Done:N0} / {p.Total:N0}");
                }
            });
        }
    }

    /// <summary>Reports at once, on the caller's thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<(long Done, long Total)> report) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => report(value);
    }
}
