namespace Sav.Domain.Analysts;

public enum AnalystRole { Analyst, Admin }

public class Analyst
{
    public int Id { get; set; }
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public AnalystRole Role { get; set; }
    public bool Active { get; set; } = true;
}
