using Microsoft.EntityFrameworkCore;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sav.Tests.Gateway.Forms;

/// <summary>Builds submissions the way each kind of caller sends them.</summary>
public static class Submissions
{
    public static Dictionary<string, string> ValidOpen(string email = "marie.durand@college-pasteur.example") => new()
    {
        ["EMAIL"] = email,
        ["NAME"] = "Marie Durand",
        ["SUBJECT"] = "Écran ne s'allume plus",
        ["DESCRIPTION"] = "Le voyant reste orange.",
        ["CUSTOMER"] = "Collège Pasteur",
        ["PRODUCT_FAMILY"] = "Écrans tactiles",
        ["API_KEY"] = GatewayHost.ApiKey,
    };

    public enum Encoding { FormUrlEncoded, Multipart, Json }

    public static readonly TheoryData<Encoding> Encodings = new() { Encoding.FormUrlEncoded, Encoding.Multipart, Encoding.Json };

    public static HttpContent Encode(Encoding encoding, IDictionary<string, string> fields) => encoding switch
    {
        Encoding.FormUrlEncoded => new FormUrlEncodedContent(fields),
        Encoding.Multipart => Multipart(fields),
        _ => JsonContent.Create(fields),
    };

    public static MultipartFormDataContent Multipart(IDictionary<string, string> fields,
        params (string Name, string MediaType, byte[] Content)[] files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        foreach (var (name, mediaType, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            content.Add(file, "FILES", name);
        }
        return content;
    }

    /// <summary>What Google Apps Script's <c>UrlFetchApp.fetch(url, {method: 'post', payload: {...}})</c> sends:
    /// the payload object form-urlencoded in UTF-8, no Accept header of its own, its own user agent.</summary>
    public static HttpRequestMessage AppsScriptPost(string url, IDictionary<string, string> payload)
    {
        var body = string.Join('&', payload.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: UAEmdDd)");
        return request;
    }

    public static HttpContent RawJson(string json) => new StringContent(json, System.Text.Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public static Dictionary<string, string> With(this Dictionary<string, string> fields, string name, string? value)
    {
        var copy = new Dictionary<string, string>(fields);
        if (value is null) copy.Remove(name);
        else copy[name] = value;
        return copy;
    }

    public static byte[] Bytes(int count, byte fill = 0x42) => Enumerable.Repeat(fill, count).ToArray();

    /// <summary>Opens a ticket through the API; its answer (JSON with the context).</summary>
    public static async Task<string> OpenAsync(GatewayHost host, string email = "marie.durand@college-pasteur.example")
    {
        var response = await host.CreateClient().PostAsync("/api/forms/open", new FormUrlEncodedContent(ValidOpen(email)));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public static Dictionary<string, string> ContextFields(string context, params (string Name, string Value)[] more)
    {
        var fields = new Dictionary<string, string> { ["CONTEXT"] = context, ["API_KEY"] = GatewayHost.ApiKey };
        foreach (var (name, value) in more) fields[name] = value;
        return fields;
    }

    public static async Task<List<string>> TemplatesAsync(GatewayHost host)
    {
        await using var db = host.Db();
        return await db.OutboxMessages.OrderBy(m => m.Id).Select(m => m.Template).ToListAsync();
    }
}
