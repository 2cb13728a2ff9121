namespace Sav.Domain.Catalog;

public class ProductFamily
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The name on the English form and in English mails; the French one when not set.</summary>
    public string? NameEn { get; set; }
    public bool Active { get; set; } = true;
    public int Order { get; set; }
    public List<Product> Products { get; set; } = [];

    public string NameIn(string language) => language == "en" && !string.IsNullOrWhiteSpace(NameEn) ? NameEn : Name;
}

public class Product
{
    public int Id { get; set; }
    public int ProductFamilyId { get; set; }
    public ProductFamily ProductFamily { get; set; } = null!;
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The name on the English form and in English mails; the French one when not set.</summary>
    public string? NameEn { get; set; }
    public bool Active { get; set; } = true;

    public string NameIn(string language) => language == "en" && !string.IsNullOrWhiteSpace(NameEn) ? NameEn : Name;
}
