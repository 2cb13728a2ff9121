using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Sav.Domain.Documents;
using Sav.Gateway.Protection;

namespace Sav.Gateway.Forms;

/// <summary>The fields of a submission, whatever its encoding. Names are compared ignoring case;
/// when a name comes twice, the first non-empty value counts.</summary>
public sealed class FormFields
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public List<Upload> Files { get; } = [];

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    public void Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        _values.TryAdd(name, value);
    }

    /// <summary>Sets a field whatever the body said (the brand of the page a form was posted from).</summary>
    public void Set(string name, string value) => _values[name] = value;

    /// <summary>Reads form-urlencoded, multipart and JSON bodies.</summary>
    /// <exception cref="BadSubmissionException">when the body is of another type or malformed.</exception>
    /// <exception cref="BodyTooLargeException">when the body is over its limit.</exception>
    public static async Task<FormFields> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new FormFields();
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                foreach (var (name, values) in form) fields.Add(name, values.FirstOrDefault(v => !string.IsNullOrEmpty(v)));
                foreach (var file in form.Files.Where(f => f.Length > 0))
                    fields.Files.Add(new Upload(file.FileName, file.ContentType ?? "application/octet-stream", file.Length, file.OpenReadStream));
                return fields;
            }
            if (request.HasJsonContentType())
            {
                await ReadJsonAsync(request.Body, fields, cancellationToken);
                return fields;
            }
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw new BodyTooLargeException(0);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or DecoderFallbackException
            or (IOException and not BodyTooLargeException))
        {
            throw new BadSubmissionException(StatusCodes.Status400BadRequest, "Le contenu de la demande est illisible.");
        }
        throw new BadSubmissionException(StatusCodes.Status415UnsupportedMediaType,
            "Envoyez application/x-www-form-urlencoded, multipart/form-data ou application/json.");
    }

    private static async Task ReadJsonAsync(Stream body, FormFields fields, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(body, new JsonDocumentOptions { MaxDepth = 4 }, cancellationToken);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new BadSubmissionException(StatusCodes.Status400BadRequest, "Le corps JSON doit être un objet.");
        foreach (var property in document.RootElement.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String: fields.Add(property.Name, Text(property)); break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False: fields.Add(property.Name, property.Value.GetRawText()); break;
                case JsonValueKind.Null: break;
                default:
                    throw new BadSubmissionException(StatusCodes.Status400BadRequest, "Chaque champ est un texte.",
                        property.Name.ToUpperInvariant());
            }
        }
    }

    /// <summary>The string, or a 400 naming the field when it escapes half a surrogate pair (<c>"\ud800"</c>).</summary>
    private static string? Text(JsonProperty property)
    {
        try
        {
            return property.Value.GetString();
        }
        catch (InvalidOperationException)
        {
            throw new BadSubmissionException(StatusCodes.Status400BadRequest, "Ce texte n'est pas de l'Unicode valide.",
                property.Name.ToUpperInvariant());
        }
    }

    /// <summary>Whether the caller asked for JSON rather than the bare context.</summary>
    public static bool WantsJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.Quality is null or > 0 &&
            (a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
             a.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
}

/// <summary>A body the gateway cannot read: the status to answer and, when one field is at fault, its name.</summary>
public sealed class BadSubmissionException(int status, string detail, string? field = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string? Field { get; } = field;
}
