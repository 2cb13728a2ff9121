using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Sav.Domain.Tickets;

/// <summary>What a customer carries: <c>CODE#CONTROL</c>, the control being 5 Crockford base32
/// characters of HMAC-SHA256(secret, CODE).</summary>
public readonly record struct TicketContext(string Code, string Control)
{
    public override string ToString() => $"{Code}#{Control}";
}

public sealed class TicketContexts
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private readonly byte[] _key;

    public TicketContexts(IOptions<SavOptions> options) : this(options.Value.ContextSecret) { }

    public TicketContexts(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        _key = Encoding.UTF8.GetBytes(secret);
    }

    public TicketContext For(string code) => new(code, Control(code));

    /// <summary>Parses what a customer typed or a mail carried and checks its control.
    /// Unknown codes are the caller's to reject with the same answer as a forged control.</summary>
    public bool TryVerify(string? text, out string code)
    {
        code = "";
        if (!TryParse(text, out var candidate)) return false;
        var given = Encoding.ASCII.GetBytes(candidate.Control);
        // The code as typed, then with its look-alikes read as digits (1O4O for 1040): the control says which it is.
        foreach (var typed in TicketCode.Candidates(candidate.Code))
        {
            var expected = Encoding.ASCII.GetBytes(Control(typed));
            if (!CryptographicOperations.FixedTimeEquals(expected, given)) continue;
            code = typed;
            return true;
        }
        return false;
    }

    /// <summary>Case-insensitive, ignores surrounding spaces and a trailing <c>#</c>; normalises
    /// the control's look-alike letters the Crockford way (O→0, I and L→1).</summary>
    public static bool TryParse(string? text, out TicketContext context)
    {
        context = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64) return false;
        var parts = text.Trim().TrimEnd('#').Split('#');
        if (parts.Length != 2) return false;
        var code = parts[0].Trim().ToUpperInvariant();
        var control = NormaliseControl(parts[1].Trim());
        if (!TicketCode.IsWellFormed(code) || control is null) return false;
        context = new TicketContext(code, control);
        return true;
    }

    private static string? NormaliseControl(string control)
    {
        if (control.Length != 5) return null;
        Span<char> chars = stackalloc char[5];
        for (var i = 0; i < 5; i++)
        {
            var c = char.ToUpperInvariant(control[i]) switch { 'O' => '0', 'I' or 'L' => '1', var other => other };
            if (!Crockford.Contains(c)) return null;
            chars[i] = c;
        }
        return new string(chars);
    }

    /// <summary>A signature of <paramref name="purpose"/> under the contexts' secret (80 bits, in hexadecimal), for the
    /// links a mail carries beside the context (a rating of one closing).</summary>
    public string Sign(string purpose)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("sign|" + purpose), hash);
        return Convert.ToHexStringLower(hash[..10]);
    }

    public bool Verify(string purpose, string? signature) =>
        signature is { Length: 20 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(purpose)),
            Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));

    private string Control(string code)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(code), hash);
        // The first 25 bits, five characters of 5 bits each.
        var bits = (uint)(hash[0] << 24 | hash[1] << 16 | hash[2] << 8 | hash[3]);
        Span<char> chars = stackalloc char[5];
        for (var i = 0; i < 5; i++) chars[i] = Crockford[(int)(bits >> (27 - 5 * i)) & 31];
        return new string(chars);
    }
}
