namespace Sav.Domain.Sms;

/// <summary>French numbers as customers type them, written the international way (E.164) for a text message.</summary>
public static class PhoneNumbers
{
    /// <summary>A French mobile number (06 or 07) as <c>+33612345678</c>, from « 06 12 34 56 78 », « +33 6 12 34 56 78 »,
    /// « 0033612345678 » or « +33 (0)6 12… »; null for anything else (a landline, a foreign or a malformed number).</summary>
    public static string? FrenchMobile(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 40) return null;
        var text = typed.Trim().Replace("(0)", "", StringComparison.Ordinal);
        if (text.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '.' or '-' or '+' or '\u00a0'))) return null;
        if (text.IndexOf('+') > 0) return null;
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        var national = text.StartsWith('+') ? (digits.StartsWith("33", StringComparison.Ordinal) ? digits[2..] : null)
            : digits.StartsWith("0033", StringComparison.Ordinal) ? digits[4..]
            : digits.StartsWith('0') ? digits[1..]
            : null;
        return national is { Length: 9 } && national[0] is '6' or '7' ? "+33" + national : null;
    }
}
