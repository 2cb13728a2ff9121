using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sav.Bench.Gateway;

/// <summary>With SAV_BENCH_TRACE=1, sums EF Core's command durations by SQL text, with connection and
/// transaction times and the number of query compilations, to see where time goes.</summary>
public sealed class CommandTrace : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly ConcurrentDictionary<string, (int Count, double Ms)> _commands = new();

    public static CommandTrace? Start()
    {
        if (Environment.GetEnvironmentVariable("SAV_BENCH_TRACE") != "1") return null;
        var trace = new CommandTrace();
        DiagnosticListener.AllListeners.Subscribe(trace);
        return trace;
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name) listener.Subscribe(this);
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Key.EndsWith("QueryCompilationStarting", StringComparison.Ordinal)) Add(e.Key, TimeSpan.Zero);
        if (e.Value is TransactionEndEventData ended) Add(e.Key, ended.Duration);
        if (e.Value is ConnectionEndEventData connection) Add(e.Key, connection.Duration);
        if (e.Value is CommandExecutedEventData executed)
        {
            var sql = executed.Command.CommandText.ReplaceLineEndings(" ");
            _commands.AddOrUpdate(sql[..Math.Min(120, sql.Length)], (1, executed.Duration.TotalMilliseconds),
                (_, c) => (c.Count + 1, c.Ms + executed.Duration.TotalMilliseconds));
        }
    }

    private void Add(string key, TimeSpan duration) =>
        _commands.AddOrUpdate(key, (1, duration.TotalMilliseconds), (_, c) => (c.Count + 1, c.Ms + duration.TotalMilliseconds));

    public void Print()
    {
        foreach (var (sql, (count, ms)) in _commands.OrderByDescending(c => c.Value.Ms).Take(15).Concat(_commands.Where(c => c.Key.Contains("Compil"))))
            Console.WriteLine($"{ms,9:0} ms {count,7} × {ms / count,7:0.00} ms  {sql}");
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }
}
