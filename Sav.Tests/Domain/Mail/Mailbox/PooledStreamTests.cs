using Sav.Domain.Mail.Mailbox;

namespace Sav.Tests.Domain.Mail.Mailbox;

/// <summary>A message the IMAP reader fetched ahead is handed to the sweep in its pooled buffer, once, and whole.</summary>
public class PooledStreamTests
{
    [Fact]
    public async Task A_fetched_message_is_handed_over_once_with_its_length()
    {
        var message = new byte[300_001];
        new Random(3).NextBytes(message);
        await using var stream = await PooledStream.ReadAsync(new MemoryStream(message), 4096, CancellationToken.None);

        var held = stream.Detach();

        Assert.NotNull(held);
        Assert.Equal(message, held.Value.Buffer.AsSpan(0, held.Value.Length).ToArray());
        Assert.Null(stream.Detach());
    }

    [Fact]
    public async Task A_message_already_read_from_is_not_handed_over()
    {
        await using var stream = await PooledStream.ReadAsync(new MemoryStream(new byte[10_000]), 4096, CancellationToken.None);
        stream.ReadByte();

        Assert.Null(stream.Detach());
    }
}
