using System.Xml.Linq;

namespace Sav.Tests.Backoffice.Localization;

public class ResourceTests
{
    [Fact]
    public void Every_french_text_has_an_english_translation_and_the_other_way_round()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Sav.Backoffice", "Resources");
        var french = Keys(Path.Combine(folder, "UiText.resx"));
        var english = Keys(Path.Combine(folder, "UiText.en.resx"));

        Assert.NotEmpty(french);
        Assert.Empty(french.Except(english));
        Assert.Empty(english.Except(french));
    }

    private static HashSet<string> Keys(string path) =>
        XDocument.Load(path).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
}
