using Sav.Backoffice.Resources;
using Sav.Domain.Reports;

namespace Sav.Backoffice.Reports;

/// <summary>The reports as CSV files, behind sign-in like every address (the fallback policy), with the query
/// string of the page: <c>/reports/volume.csv?from=YYYY-MM-DD&amp;to=YYYY-MM-DD&amp;by=day|week|month</c>.</summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/{name}.csv", CsvAsync);
        return app;
    }

    public static ReportKind? KindOf(string? name) => name?.ToLowerInvariant() switch
    {
        "volume" => ReportKind.Volume,
        "delays" => ReportKind.Delays,
        "targets" => ReportKind.Targets,
        "stock" => ReportKind.Stock,
        "products" => ReportKind.Products,
        "clients" => ReportKind.Clients,
        "satisfaction" => ReportKind.Satisfaction,
        _ => null,
    };

    private static async Task<IResult> CsvAsync(string name, string? period, string? from, string? to, string? by,
        HttpContext http, ReportQueries reports)
    {
        if (KindOf(name) is not { } kind) return Results.NotFound();
        var (parsed, error) = ReportPeriod.Parse(period, from, to, by, reports.Time.Today);
        if (parsed is null) return Results.Text(UiText.Get($"Reports.Error.{error}"), "text/plain; charset=utf-8", statusCode: 400);

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{ReportCsv.FileName(kind, parsed)}\"";
        await using var writer = new StreamWriter(http.Response.Body, ReportCsv.Utf8WithBom, bufferSize: 64 * 1024, leaveOpen: true);
        await ReportCsv.WriteAsync(reports, kind, parsed, writer, http.RequestAborted);
        await writer.FlushAsync(http.RequestAborted);
        return Results.Empty;
    }
}
