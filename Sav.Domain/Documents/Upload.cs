namespace Sav.Domain.Documents;

/// <summary>A file a customer sent with a form.</summary>
public sealed record Upload(string FileName, string MediaType, long Length, Func<Stream> OpenRead);

/// <summary>Binds the same section as <see cref="DocumentOptions"/>: what a form may carry.</summary>
public class UploadOptions
{
    public static readonly string[] DefaultAllowedTypes =
        ["image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "video/mp4", "video/quicktime", "video/webm", "application/pdf"];

    /// <summary>Media types accepted from forms; <c>image/*</c> accepts every image. Empty means the defaults.</summary>
    public string[]? AllowedTypes { get; set; }
    public int MaxFiles { get; set; } = 5;

    public IReadOnlyList<string> EffectiveAllowedTypes => AllowedTypes is { Length: > 0 } types ? types : DefaultAllowedTypes;
}

public enum UploadProblem { None, TooLarge, TooMany, TypeNotAllowed }
