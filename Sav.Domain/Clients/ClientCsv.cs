namespace Sav.Domain.Clients;

public sealed record ClientRow(string ErpId, string Name, string? Address, string? Phone, string? EmailDomain);

/// <summary>Reads the ERP's client export: a header naming <c>erp_id;name;address;phone;email_domain</c>
/// (comma or semicolon separated, double quotes for fields holding a separator).</summary>
public static class ClientCsv
{
    public sealed record Result(List<ClientRow> Rows, List<string> Errors);

    public static Result Parse(IReadOnlyList<string> lines)
    {
        var rows = new List<ClientRow>();
        var errors = new List<string>();
        if (lines.Count == 0) return new(rows, ["the file is empty"]);
        var separator = lines[0].Count(c => c == ';') >= lines[0].Count(c => c == ',') ? ';' : ',';
        var header = Split(lines[0], separator).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Column(string name) => header.IndexOf(name);
        var (erp, name, address, phone, domain) = (Column("erp_id"), Column("name"), Column("address"), Column("phone"), Column("email_domain"));
        if (erp < 0 || name < 0) return new(rows, ["the header must name erp_id and name"]);
        var seen = new HashSet<string>();
        for (var i = 1; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var fields = Split(lines[i], separator);
            string? Get(int index) => index >= 0 && index < fields.Count && !string.IsNullOrWhiteSpace(fields[index]) ? fields[index].Trim() : null;
            var id = Get(erp);
            var clientName = Get(name);
            if (id is null || clientName is null) { errors.Add($"line {i + 1}: erp_id and name are required"); continue; }
            if (!seen.Add(id)) { errors.Add($"line {i + 1}: erp_id {id} appears twice"); continue; }
            rows.Add(new ClientRow(id, clientName, Get(address), Get(phone), Get(domain)?.TrimStart('@').ToLowerInvariant()));
        }
        return new(rows, errors);
    }

    private static List<string> Split(string line, char separator)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
