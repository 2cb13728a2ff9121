using System.Text;
using Sav.Domain.Text;

namespace Sav.Tests.Domain.Text;

public class CodePagesTests
{
    [Fact]
    public void Legacy_code_pages_are_available_and_utf8_stays_the_runtime_s_own()
    {
        CodePages.Register();

        Assert.Equal("é", Encoding.GetEncoding(1252).GetString([0xE9]));
        Assert.Equal("é", Encoding.GetEncoding("windows-1252").GetString([0xE9]));
        Assert.Equal("Ж", Encoding.GetEncoding("koi8-r").GetString([0xF6]));
        Assert.Same(Encoding.UTF8.GetType(), Encoding.GetEncoding("utf-8").GetType());
        Assert.Equal(65001, Encoding.GetEncoding("UTF-8").CodePage);
    }

    [Fact]
    public void Unknown_charset_names_are_refused_each_time_even_past_the_answers_kept()
    {
        CodePages.Register();

        for (var i = 0; i < CodePages.MaxKept * 2; i++)
            Assert.Throws<ArgumentException>(() => Encoding.GetEncoding($"no-such-charset-{i}"));
        Assert.Throws<ArgumentException>(() => Encoding.GetEncoding("no-such-charset-0"));
    }
}
