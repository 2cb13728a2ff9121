namespace Sav.Gateway.Forms.Pages;

/// <summary>What a public form shows again after a refused submission: the words of its language, the errors by field,
/// and the values as they were typed.</summary>
public sealed record FormState(PageText Text, IDictionary<string, string[]>? Errors, Func<string, string?> Value)
{
    public bool Invalid(string name) => Errors?.ContainsKey(name) == true;

    public string? ErrorOf(string name) => Errors?.TryGetValue(name, out var messages) == true ? string.Join(" ", messages) : null;
}
