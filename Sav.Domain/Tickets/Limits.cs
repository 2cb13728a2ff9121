namespace Sav.Domain;

/// <summary>Lengths of customer text, shared by validation and the schema.</summary>
public static class Limits
{
    public const int Email = 254;
    public const int Name = 200;
    public const int Phone = 40;
    public const int Subject = 200;
    public const int Description = 20_000;
    public const int Reference = 100;
    public const int Comment = 20_000;
}
