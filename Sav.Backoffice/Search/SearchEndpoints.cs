using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Sav.Domain.Reports;
using Sav.Domain.Search;

namespace Sav.Backoffice.Search;

/// <summary><c>/search/export</c>: the results of « Recherche » for the same query string, as French Excel opens them
/// (UTF-8 with a byte order mark, <c>;</c>), streamed row by row for any count, behind sign-in like every address. A
/// field a spreadsheet would take for a formula is escaped.</summary>
public static class SearchEndpoints
{
    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture)
    {
        Delimiter = ";", InjectionOptions = InjectionOptions.Escape,
    };

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search/export", ExportAsync);
        return app;
    }

    private static async Task ExportAsync(HttpContext http, TicketSearch search)
    {
        var query = http.Request.Query;
        var request = SearchRequest.Parse(key => query[key].OfType<string>().ToList(), search.Time.Today);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"recherche-{search.Time.Today:yyyy-MM-dd}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, ReportCsv.Utf8WithBom, bufferSize: 64 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(writer, Config, leaveOpen: true);
        foreach (var name in new[] { "code", "subject", "status", "client", "contact", "email", "family", "product", "analyst", "created", "updated" })
            csv.WriteField(name);
        await csv.NextRecordAsync();
        var rows = 0;
        await foreach (var row in search.ExportAsync(request, http.RequestAborted))
        {
            foreach (var field in new[] { row.Code, row.Subject, row.Status, row.Client, row.Contact, row.Email, row.Family, row.Product, row.Analyst })
                csv.WriteField(field);
            csv.WriteField(Local(search.Time, row.CreatedAt));
            csv.WriteField(Local(search.Time, row.UpdatedAt));
            await csv.NextRecordAsync();
            // Rows leave as they are read: the memory holds a buffer, not the result.
            if (++rows % 1000 == 0) await writer.FlushAsync(http.RequestAborted);
        }
        await csv.FlushAsync();
        await writer.FlushAsync(http.RequestAborted);
    }

    private static string Local(TeamTime time, DateTimeOffset at) => time.Local(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
