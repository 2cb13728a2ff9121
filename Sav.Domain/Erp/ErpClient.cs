using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Sav.Domain.Erp;

/// <summary>A client as the ERP gives it, mapped onto Sav's fields; <see cref="Extra"/> by French label.</summary>
public sealed record ErpRecord(string ErpId, string Name, string? Address, string? Phone, string? EmailDomain, IReadOnlyDictionary<string, string> Extra);

/// <summary>Why the ERP could not be read, in French, for the analysts and the log (one line).</summary>
public sealed class ErpException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads the ERP's web service through a typed <see cref="HttpClient"/> whose resilience (timeouts, retries with backoff
/// on 5xx and timeouts, a circuit breaker) is Microsoft.Extensions.Http.Resilience's, set in <see cref="ErpExtensions"/>.
/// Every failure comes out as an <see cref="ErpException"/> saying why.
/// </summary>
public sealed class ErpClient(HttpClient http, IOptions<ErpOptions> options)
{
    private readonly ErpOptions _options = options.Value;

    public int PageSize => _options.PageSize;

    /// <summary>One page of the client list (from 1); records that lack an id or a name are left out.</summary>
    public async Task<IReadOnlyList<ErpRecord>> PageAsync(int page, CancellationToken ct = default)
    {
        var path = $"{_options.ListPath}{(_options.ListPath.Contains('?') ? '&' : '?')}{_options.PageParameter}={page}&{_options.PageSizeParameter}={_options.PageSize}";
        using var json = await GetAsync(path, ct) ?? throw new ErpException($"l'ERP ne connaît pas la liste des clients ({_options.ListPath})");
        var items = string.IsNullOrEmpty(_options.ItemsField) ? json.RootElement : Find(json.RootElement, _options.ItemsField);
        if (items is not { ValueKind: JsonValueKind.Array } array)
            throw new ErpException($"réponse illisible de l'ERP : la page {page} n'est pas une liste de clients");
        return array.EnumerateArray().Select(Map).OfType<ErpRecord>().ToList();
    }

    /// <summary>One client, or null when the ERP no longer has it.</summary>
    public async Task<ErpRecord?> ClientAsync(string erpId, CancellationToken ct = default)
    {
        using var json = await GetAsync(_options.ClientPath.Replace("{id}", Uri.EscapeDataString(erpId)), ct);
        return json is null ? null : Map(json.RootElement) ?? throw new ErpException($"réponse illisible de l'ERP pour le client {erpId}");
    }

    private async Task<JsonDocument?> GetAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        switch (_options.Authentication)
        {
            case ErpAuthentication.ApiKey: request.Headers.TryAddWithoutValidation(_options.ApiKeyHeader, _options.ApiKey); break;
            case ErpAuthentication.Bearer: request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token); break;
            case ErpAuthentication.Basic:
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.User}:{_options.Password}")));
                break;
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException
            or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException && !ct.IsCancellationRequested)
        {
            throw new ErpException(e switch
            {
                Polly.CircuitBreaker.BrokenCircuitException => "l'ERP a échoué plusieurs fois de suite : il n'est plus appelé pendant un moment",
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => $"l'ERP est injoignable ({http.BaseAddress?.Host})",
                HttpRequestException => $"l'ERP est injoignable : {e.Message}",
                _ => $"l'ERP ne répond pas (plus de {_options.Timeout.TotalSeconds:0} s)",
            }, e);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new ErpException($"l'ERP refuse les identifiants de Sav ({(int)response.StatusCode}) : vérifiez Erp:Authentication et sa clé");
            if (!response.IsSuccessStatusCode) throw new ErpException($"l'ERP a répondu {(int)response.StatusCode} {response.ReasonPhrase}");
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                return await JsonDocument.ParseAsync(body, cancellationToken: ct);
            }
            catch (JsonException e)
            {
                throw new ErpException($"réponse illisible de l'ERP ({path}) : ce n'est pas du JSON", e);
            }
        }
    }

    private ErpRecord? Map(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        string? Text(string field) => Find(item, field) is { } value ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        } : null;
        var fields = _options.Fields;
        if (Text(fields.ErpId) is not { Length: <= 64 } id || Text(fields.Name) is not { } name) return null;
        var extra = _options.Extra.Select(e => (Label: e.Value, Value: Text(e.Key))).Where(e => e.Value is not null)
            .ToDictionary(e => e.Label, e => Clip(e.Value, 500)!);
        // Clipped to the columns' sizes: a long field from the ERP never fails the sync.
        return new ErpRecord(id, Clip(name, Limits.Name)!, Clip(Text(fields.Address), 500), Clip(Text(fields.Phone), Limits.Phone),
            Clip(Text(fields.EmailDomain)?.TrimStart('@').ToLowerInvariant(), 254), extra);
    }

    private static string? Clip(string? text, int length) => text is { } t && t.Length > length ? t[..length] : text;

    private static JsonElement? Find(JsonElement element, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element)) return null;
        }
        return element;
    }
}
