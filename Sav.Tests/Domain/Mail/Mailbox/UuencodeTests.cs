using Sav.Domain.Mail.Mailbox;

namespace Sav.Tests.Domain.Mail.Mailbox;

public class UuencodeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(45)]
    [InlineData(4_099)]
    public void A_file_uuencoded_in_a_body_comes_out_byte_for_byte_and_leaves_the_text(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var body = "Bonjour,\nvoici le journal.\n" + Mime.Uuencode("journal.bin", bytes) + "\nCordialement";

        var (text, blocks) = Uuencode.Extract(body);

        var block = Assert.Single(blocks);
        Assert.Equal("journal.bin", block.Name);
        Assert.Equal(bytes, block.Content);
        Assert.Equal("Bonjour,\nvoici le journal.\n\nCordialement", text);
    }
}
