using Sav.Domain.Tickets;

namespace Sav.Gateway.Forms;

/// <summary>The five forms of the public contract.</summary>
public enum FormKind { Open, Status, Close, Reopen, Answer }

public static class FormKinds
{
    public static bool TryParse(string? text, out FormKind kind)
    {
        kind = default;
        return text is "open" or "status" or "close" or "reopen" or "answer" && Enum.TryParse(text, ignoreCase: true, out kind);
    }

    public static string Slug(this FormKind kind) => kind.ToString().ToLowerInvariant();

    public static RequestKind ToRequest(this FormKind kind) => kind switch
    {
        FormKind.Status => RequestKind.Status,
        FormKind.Close => RequestKind.Close,
        FormKind.Reopen => RequestKind.Reopen,
        FormKind.Answer => RequestKind.Answer,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
