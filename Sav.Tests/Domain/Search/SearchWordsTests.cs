using Sav.Domain.Search;

namespace Sav.Tests.Domain.Search;

public class SearchWordsTests
{
    [Theory]
    [InlineData("Écran noir", "\"ecran\" \"noir\"*")]
    [InlineData("l'écran", "\"ecran\"*")]
    [InlineData("SN582744-N", "\"sn582744\"*")]
    [InlineData("mise en œuvre", "\"mise\" \"en\" \"oeuvre\"*")]
    [InlineData("a", "\"a\"")]
    [InlineData("TC-2", "\"tc\" \"2\"")]
    [InlineData("\" * NEAR( - )", "\"near\"*")]
    public void What_is_typed_becomes_words_the_last_one_a_prefix_from_two_characters(string typed, string query) =>
        Assert.Equal(query, SearchWords.ForSqlite(SearchWords.Of(typed)));

    [Theory]
    [InlineData("marie.bonnet@agence-condorcet.example", "\"marie\" \"bonnet\" \"agence\" \"condorcet\"", "marie & bonnet & agence & condorcet")]
    [InlineData("sav@lumeo.fr", "\"sav\" \"lumeo\"", "sav & lumeo")]
    [InlineData("marie.bonnet@agence", "\"marie\" \"bonnet\" \"agence\"*", "marie & bonnet & agence:*")]
    [InlineData("bonnet agence.example", "\"bonnet\" \"agence\" \"example\"*", "bonnet & agence & example:*")]
    public void A_whole_e_mail_address_is_searched_as_typed_but_its_last_label_a_partial_one_as_a_prefix(string typed, string sqlite, string postgres)
    {
        Assert.Equal(sqlite, SearchWords.ForSqlite(SearchWords.Of(typed)));
        Assert.Equal(postgres, SearchWords.ForPostgres(SearchWords.Of(typed)));
    }

    [Fact]
    public void Nothing_but_punctuation_is_no_word_at_all() => Assert.Empty(SearchWords.Of("\" * ( ) - : ^"));
}
