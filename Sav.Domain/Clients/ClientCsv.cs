using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Sav.Domain.Clients;

public sealed record ClientRow(string ErpId, string Name, string? Address, string? Phone, string? EmailDomain);

/// <summary>A line of the file that cannot be imported, and why (in French, for the operator and the analysts).</summary>
public sealed record RejectedLine(int Line, string Reason);

/// <summary>
/// The clients' CSV, as the ERP exports it and as Sav writes it back: a header naming <c>erp_id;name;address;phone;email_domain</c>
/// (<c>erp_id</c> and <c>name</c> required, the others optional, in any order), <c>;</c> or <c>,</c> between fields (the
/// header says which), fields quoted when they hold a separator, a quote or a line break, UTF-8 (with or without BOM) or
/// Windows-1252 as French Excel saves it. Read and written by CsvHelper.
/// </summary>
public static class ClientCsv
{
    public static readonly string[] Columns = ["erp_id", "name", "address", "phone", "email_domain"];

    /// <param name="Present">The optional columns the header names: the others are left as they are by an import.</param>
    public sealed record Result(List<ClientRow> Rows, List<RejectedLine> Rejected, IReadOnlySet<string> Present);

    static ClientCsv() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>UTF-8 when the bytes are (a BOM, or valid UTF-8 throughout), Windows-1252 otherwise.</summary>
    public static Encoding Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new UTF8Encoding(true);
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1252);
        }
    }

    /// <summary>Reads a whole file: every line checked, the good rows and the rejected lines with their numbers.</summary>
    public static Result Read(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var encoding = Detect(bytes);
        var text = encoding.GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return Parse(text);
    }

    public static Result Parse(string text)
    {
        var rows = new List<ClientRow>();
        var rejected = new List<RejectedLine>();
        if (string.IsNullOrWhiteSpace(text)) return new(rows, [new RejectedLine(1, "le fichier est vide")], new HashSet<string>());
        var firstLine = text.AsSpan(0, text.IndexOfAny(['\r', '\n']) is var end and >= 0 ? end : text.Length);
        var delimiter = firstLine.Count(';') >= firstLine.Count(',') ? ";" : ",";
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter, HasHeaderRecord = true, MissingFieldFound = null, BadDataFound = null, DetectColumnCountChanges = false,
            PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(), IgnoreBlankLines = true,
        };
        using var csv = new CsvReader(new StringReader(text), config);
        if (!csv.Read() || !csv.ReadHeader()) return new(rows, [new RejectedLine(1, "l'en-tête manque")], new HashSet<string>());
        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = new[] { "erp_id", "name" }.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            return new(rows, [new RejectedLine(1, $"l'en-tête doit nommer {string.Join(" et ", missing)} (colonnes : {string.Join(";", Columns)})")],
                new HashSet<string>());
        int Column(string name) => header.IndexOf(name);
        var (erp, name, address, phone, domain) = (Column("erp_id"), Column("name"), Column("address"), Column("phone"), Column("email_domain"));
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lastLine = 1;
        while (csv.Read())
        {
            // A quoted field may hold line breaks: a record begins on the line after the previous one ended.
            var line = lastLine + 1;
            lastLine = csv.Parser.RawRow;
            string? Get(int index) => index >= 0 && csv.TryGetField<string>(index, out var value) && !string.IsNullOrWhiteSpace(value) ? Unescape(value.Trim()) : null;
            if (csv.Parser.Record is { Length: > 0 } record && record.All(string.IsNullOrWhiteSpace)) continue;
            var id = Get(erp);
            var clientName = Get(name);
            string? reason = (id, clientName) switch
            {
                (null, _) => "erp_id est obligatoire",
                (_, null) => "name est obligatoire",
                ({ Length: > 64 }, _) => "erp_id dépasse 64 caractères",
                (_, { Length: > Limits.Name }) => $"name dépasse {Limits.Name} caractères",
                _ => null,
            };
            var emailDomain = Get(domain)?.TrimStart('@').ToLowerInvariant();
            reason ??= (Get(address), Get(phone), emailDomain) switch
            {
                ({ Length: > 500 }, _, _) => "address dépasse 500 caractères",
                (_, { Length: > Limits.Phone }, _) => $"phone dépasse {Limits.Phone} caractères",
                (_, _, { Length: > 254 }) => "email_domain dépasse 254 caractères",
                _ => null,
            };
            if (reason is null && emailDomain is not null && (!emailDomain.Contains('.') || emailDomain.Any(c => char.IsWhiteSpace(c) || c is '@' or ',' or ';')))
                reason = $"email_domain « {emailDomain} » n'est pas un domaine";
            if (reason is null && seen.TryGetValue(id!, out var first)) reason = $"erp_id {id} déjà vu ligne {first}";
            if (reason is not null)
            {
                rejected.Add(new RejectedLine(line, reason));
                continue;
            }
            seen[id!] = line;
            rows.Add(new ClientRow(id!, clientName!, Get(address), Get(phone), emailDomain));
        }
        return new(rows, rejected, Columns.Skip(2).Where(header.Contains).ToHashSet());
    }

    /// <summary>Writes the clients in the same format, UTF-8 with BOM and <c>;</c> (as French Excel opens it). A field
    /// that a spreadsheet would take for a formula is written behind a <c>'</c>, which reading takes away again.</summary>
    public static void Write(TextWriter writer, IEnumerable<ClientRow> rows)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";", InjectionOptions = InjectionOptions.Escape };
        using var csv = new CsvWriter(writer, config, leaveOpen: true);
        foreach (var column in Columns) csv.WriteField(column);
        csv.NextRecord();
        foreach (var row in rows)
        {
            csv.WriteField(row.ErpId);
            csv.WriteField(row.Name);
            csv.WriteField(row.Address);
            csv.WriteField(row.Phone);
            csv.WriteField(row.EmailDomain);
            csv.NextRecord();
        }
    }

    private static readonly char[] InjectionCharacters = ['=', '@', '+', '-', '\t', '\r'];

    private static string Unescape(string value) =>
        value.Length > 1 && value[0] == '\'' && InjectionCharacters.Contains(value[1]) ? value[1..] : value;
}
