using System.Net.Http.Headers;
using System.Text;

namespace Sav.Tests.Gateway.Forms;

/// <summary>Thousands of malformed submissions: each one is refused with a 4xx, none writes a row.</summary>
public class FuzzTests
{
    private const int Cases = 3000;

    private static readonly string[] Nasty =
    [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE \"Tickets\"; --", "1 OR 1=1", "' OR ''='",
        "Robert'); DELETE FROM Contacts;--", "${jndi:ldap://x/a}", "{{7*7}}", "../../etc/passwd", "%00", "\u0000", "\u0007bell",
        "line\u001bescape", "\uFFFD\uFFFD", "\uD800", "🙂🙃", "é\u0301", "AT73#K9F2Q", "null", "true", "-1", "1e309", "",
        new string('x', 300), new string('y', 25_000), "a@b", "@", "x@", "<svg/onload=alert(1)>", "\r\nBcc: victim@example.com",
    ];

    private static readonly string[] Fields =
    [
        "EMAIL", "NAME", "SUBJECT", "DESCRIPTION", "CUSTOMER", "PHONE", "PRODUCT_FAMILY", "PRODUCT", "BRAND", "SERIAL_NUMBER",
        "ORDER_NUMBER", "INVOICE_NUMBER", "WARRANTY", "CONTEXT", "COMMENT", "ANSWER", "email", "Context", "API_KEY",
    ];

    private static readonly string[] Kinds = ["open", "status", "close", "reopen", "answer", "OPEN", "x", "open%20", "%2E%2E"];

    [Fact]
    public async Task Malformed_submissions_get_no_5xx_and_write_nothing()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Gateway:MaxFieldsBytes"] = "65536" });
        var client = host.CreateClient();
        var random = new Random(20261128);
        var requests = Enumerable.Range(0, Cases).Select(i => Build(random, i)).ToList();
        var statuses = new int[Cases];

        await Parallel.ForEachAsync(Enumerable.Range(0, Cases), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            using var response = await client.SendAsync(requests[i], ct);
            statuses[i] = (int)response.StatusCode;
        });

        var failures = statuses.Select((status, i) => (status, i)).Where(s => s.status >= 500).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} answers were 5xx, first case {failures.FirstOrDefault().i}");
        Assert.All(statuses, s => Assert.InRange(s, 400, 499));
        Assert.Equal(0, await host.RowCountAsync());
        Assert.Empty(Directory.GetFiles(host.DocumentFolder, "*", SearchOption.AllDirectories));
    }

    private static HttpRequestMessage Build(Random random, int i)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var _ in Enumerable.Range(0, random.Next(0, 10)))
            fields.Add(new(Fields[random.Next(Fields.Length)], Nasty[random.Next(Nasty.Length)]));
        // Every body breaks a rule: a bad key, or a control character where none is allowed, or no context.
        switch (i % 3)
        {
            case 0: fields.Insert(0, new("API_KEY", Nasty[random.Next(Nasty.Length)])); break;
            case 1:
                fields.Insert(0, new("API_KEY", GatewayHost.ApiKey));
                fields.Insert(0, new("NAME", "Marie\u0001Durand"));
                fields.Insert(0, new("CONTEXT", "ZZ#" + Nasty[random.Next(Nasty.Length)]));
                break;
            default:
                fields.Insert(0, new("api_key", GatewayHost.ApiKey));
                fields.Insert(0, new("Subject", "\u0002"));
                fields.Insert(0, new("context", "\u0003"));
                break;
        }
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/forms/{kind}") { Content = Encode(random, fields) };
        if (random.Next(4) == 0) request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private static HttpContent Encode(Random random, List<KeyValuePair<string, string>> fields)
    {
        switch (random.Next(7))
        {
            case 0:
                return new FormUrlEncodedContent(fields);
            case 1:
                var multipart = new MultipartFormDataContent();
                foreach (var (name, value) in fields) multipart.Add(new StringContent(value), name);
                if (random.Next(2) == 0)
                    multipart.Add(new ByteArrayContent(RandomBytes(random, 200)) { Headers = { ContentType = new("application/x-msdownload") } }, "FILES", "x.exe");
                return multipart;
            case 2:
                var json = "{" + string.Join(',', fields.Select(f => $"\"{f.Key}\":{JsonValue(random, f.Value)}")) + "}";
                return new StringContent(json, Encoding.UTF8, "application/json");
            case 3:
                return Raw(random, RandomBytes(random, random.Next(1, 4000)), Pick(random, "application/json", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=zz", "multipart/form-data", "text/plain", "application/xml"));
            case 4:
                var utf8 = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => f.Key + "=" + f.Value)));
                return Raw(random, [.. utf8, 0xFF, 0xFE, 0xC3, 0x28, .. "&NAME=%FF%C0%AF"u8.ToArray()], "application/x-www-form-urlencoded");
            case 5:
                return Raw(random, [.. "{\"EMAIL\": \""u8.ToArray(), 0xC3, 0x28, 0xFF, .. "\", \"NAME\": [1,{\"a\":[[[[[[]]]]]]}]}"u8.ToArray()],
                    "application/json");
            default:
                return Raw(random, Encoding.UTF8.GetBytes(Pick(random, "[]", "\"text\"", "42", "{\"EMAIL\":", "{\"EMAIL\":{}}",
                    "{\"API_KEY\":\"" + GatewayHost.ApiKey + "\",\"NAME\":[\"a\"]}", "{}", "{\"a\":" + new string('[', 100) + "}")),
                    "application/json; charset=utf-8");
        }
    }

    private static string JsonValue(Random random, string value) => random.Next(5) switch
    {
        0 => "123",
        1 => "[\"" + Escape(value) + "\"]",
        2 => "{\"v\":1}",
        3 => "null",
        _ => "\"" + Escape(value) + "\"",
    };

    private static string Escape(string value) =>
        string.Concat(value.Select(c => c is '"' or '\\' || char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static ByteArrayContent Raw(Random random, byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];
}
