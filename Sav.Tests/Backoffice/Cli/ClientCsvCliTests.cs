using Microsoft.EntityFrameworkCore;

namespace Sav.Tests.Backoffice.Cli;

/// <summary>import-clients and export-clients: the files an operator brings, and what comes back.</summary>
public sealed class ClientCsvCliTests : CliTests
{
    [Fact]
    public async Task Import_clients_creates_then_updates_by_erp_id()
    {
        await Run("migrate");
        var file = Path.Combine(_folder, "clients.csv");
        await File.WriteAllLinesAsync(file, ["erp_id;name;address;phone;email_domain", "C1;\"Lycée Colbert; Lyon\";1 rue A;0102030405;@colbert.example", "C2;Mairie de Tours;;;"]);
        var first = await Run("import-clients", file);
        await File.WriteAllLinesAsync(file, ["erp_id,name", "C1,Lycée Colbert"]);
        var second = await Run("import-clients", file);

        Assert.Equal("2 clients created, 0 updated, 0 unchanged, 0 rejected.", first.Output.Trim());
        Assert.Equal("0 clients created, 1 updated, 0 unchanged, 0 rejected.", second.Output.Trim());
        await using var db = Open();
        var clients = await db.Clients.OrderBy(c => c.ErpId).ToListAsync();
        Assert.Equal(["Lycée Colbert", "Mairie de Tours"], clients.Select(c => c.Name));
        Assert.Equal("colbert.example", clients[0].EmailDomain);
    }

    [Fact]
    public async Task A_malformed_import_changes_nothing_and_says_which_line()
    {
        await Run("migrate");
        var file = Path.Combine(_folder, "clients.csv");
        await File.WriteAllLinesAsync(file, ["erp_id;name;address;phone;email_domain", "C1;Lycée Colbert", ";Sans identifiant", "C1;Encore Colbert", "C3;Mairie;", "C4;École;x;y;pas un domaine", "C5;Lycée;;" + new string('0', 41)]);

        var result = await Run("import-clients", file);
        var skipped = await Run("import-clients", file, "--skip-invalid");

        Assert.Equal(1, result.Code);
        Assert.Equal([$"{file}: line 3: erp_id est obligatoire", $"{file}: line 4: erp_id C1 déjà vu ligne 2"],
            result.Error.Trim().Split('\n').Take(2).Select(l => l.TrimEnd()));
        Assert.Contains("line 6: email_domain", result.Error);
        Assert.Contains("line 7: phone dépasse 40 caractères", result.Error);
        Assert.Contains("Nothing written", result.Output);
        Assert.Equal(0, skipped.Code);
        Assert.Equal("2 clients created, 0 updated, 0 unchanged, 4 rejected.", skipped.Output.Trim());
        await using var db = Open();
        Assert.Equal(["C1", "C3"], await db.Clients.OrderBy(c => c.ErpId).Select(c => c.ErpId).ToListAsync());
    }

    [Fact]
    public async Task Excel_files_quoted_fields_and_a_dry_run_are_read_as_an_operator_expects()
    {
        await Run("migrate");
        // French Excel: Windows-1252, no BOM, CRLF; a quoted name holding the separator, a quote and a line break.
        var excel = Path.Combine(_folder, "excel.csv");
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        await File.WriteAllBytesAsync(excel, System.Text.Encoding.GetEncoding(1252).GetBytes(
            "erp_id;name;address\r\nE1;\"Collège « Pasteur »; annexe\";\"2 rue de l'Église\r\nBâtiment B\"\r\nE2;\"Société \"\"Œuvre\"\"\";\r\n"));
        // UTF-8 with a BOM and commas.
        var bom = Path.Combine(_folder, "bom.csv");
        await File.WriteAllTextAsync(bom, "erp_id,name,email_domain\nU1,Hôtel de ville,@ville.example\n", new System.Text.UTF8Encoding(true));

        var dry = await Run("import-clients", excel, "--dry-run");
        await using (var db = Open()) Assert.Equal(0, await db.Clients.CountAsync());
        var done = await Run("import-clients", excel);
        var utf8 = await Run("import-clients", bom);

        Assert.Equal((0, "2 clients would be created, 0 would be updated, 0 unchanged, 0 rejected."), (dry.Code, dry.Output.Trim()));
        Assert.Equal((0, 0), (done.Code, utf8.Code));
        await using var check = Open();
        var clients = await check.Clients.OrderBy(c => c.ErpId).ToListAsync();
        Assert.Equal(["Collège « Pasteur »; annexe", "Société \"Œuvre\"", "Hôtel de ville"], clients.Select(c => c.Name));
        Assert.Equal("2 rue de l'Église\r\nBâtiment B", clients[0].Address);
        Assert.Equal("ville.example", clients[2].EmailDomain);
    }

    [Theory]
    [InlineData("", "line 1: le fichier est vide")]
    [InlineData("name;address\nLycée;1 rue A\n", "line 1: l'en-tête doit nommer erp_id")]
    public async Task An_empty_file_or_a_missing_column_is_refused(string content, string reason)
    {
        await Run("migrate");
        var file = Path.Combine(_folder, "bad.csv");
        await File.WriteAllTextAsync(file, content);

        var result = await Run("import-clients", file);

        Assert.Equal(1, result.Code);
        Assert.Contains(reason, result.Error);
    }

    [Fact]
    public async Task An_export_imports_unchanged_and_writes_no_formula()
    {
        await Run("migrate");
        var file = Path.Combine(_folder, "clients.csv");
        await File.WriteAllLinesAsync(file, ["erp_id;name;phone", "C1;=HYPERLINK(\"http://x\");+33 1 02", "C2;\"Deux\r\nlignes; et un point-virgule\";"]);
        await Run("import-clients", file);
        var exported = Path.Combine(_folder, "export.csv");

        var export = await Run("export-clients", exported);
        var again = await Run("import-clients", exported);

        Assert.Equal(0, export.Code);
        Assert.Equal("0 clients created, 0 updated, 2 unchanged, 0 rejected.", again.Output.Trim());
        var text = await File.ReadAllTextAsync(exported);
        Assert.DoesNotContain(";=HYPERLINK", text);
        Assert.Contains("'=HYPERLINK", text);
        Assert.Equal([0xEF, 0xBB, 0xBF], (await File.ReadAllBytesAsync(exported))[..3]);
    }

    [Fact]
    public async Task A_50_MB_file_is_read_and_checked_whole()
    {
        await Run("migrate");
        var file = Path.Combine(_folder, "big.csv");
        await using (var writer = new StreamWriter(file, false, new System.Text.UTF8Encoding(false)))
        {
            await writer.WriteLineAsync("erp_id;name;address;phone;email_domain");
            for (var i = 0; writer.BaseStream.Length < 50 * 1024 * 1024; i++)
                await writer.WriteLineAsync($"E{i};\"Établissement n° {i}; « test »\";{i} avenue de la République, 69000 Lyon;04 72 {i % 100:00} {i % 97:00} 00;client{i}.example");
        }

        var dry = await Run("import-clients", file, "--dry-run");

        Assert.Equal(0, dry.Code);
        Assert.Matches(@"^\d{6} clients would be created, 0 would be updated, 0 unchanged, 0 rejected\.$", dry.Output.Trim().Split('\n')[^1]);
        await using var db = Open();
        Assert.Equal(0, await db.Clients.CountAsync());
    }
}
