namespace Sav.Domain.Brands;

/// <summary>The white label or a distributor: what customers see on forms and mails.</summary>
public class Brand
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? BannerUrl { get; set; }
    public string PrimaryColor { get; set; } = "#1f4e79";
    public string AccentColor { get; set; } = "#f0a500";
    public string SenderName { get; set; } = "";
    public string SenderAddress { get; set; } = "";
    public string? ReplyTo { get; set; }
    public string Language { get; set; } = "fr";
    public bool IsDefault { get; set; }
    /// <summary>Whether its customers who gave a mobile number get a text message on opening and on a question.</summary>
    public bool SmsEnabled { get; set; }

    /// <summary>Mail button links with a <c>{context}</c> placeholder; empty means the gateway's own forms.</summary>
    public string? OpenLink { get; set; }
    public string? StatusLink { get; set; }
    public string? CloseLink { get; set; }
    public string? ReopenLink { get; set; }
    public string? AnswerLink { get; set; }
}
