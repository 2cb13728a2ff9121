using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sav.Domain;
using Sav.Domain.Documents;

namespace Sav.Tests.Domain.Documents;

/// <summary>Files written by the local store come back byte for byte, whatever their size and however the content is read,
/// flushed to the disk or not (Documents:FlushToDisk); a file the disk cannot flush is not reported stored and leaves
/// nothing behind.</summary>
public class LocalDocumentStoreTests : IDisposable
{
    /// <summary>This test's own folder (xunit makes one instance of the class per test).</summary>
    private readonly string _folder = Directory.CreateTempSubdirectory("sav-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);
    [Theory]
    [InlineData(1, true)]
    [InlineData(4097, true)]
    [InlineData(LocalDocumentStore.CopyBytes, true)]
    [InlineData(LocalDocumentStore.CopyBytes + 1, true)]
    [InlineData(2 * LocalDocumentStore.CopyBytes + 12_345, true)]
    [InlineData(4097, false)]
    [InlineData(2 * LocalDocumentStore.CopyBytes + 12_345, false)]
    public async Task A_stored_file_reads_back_the_same_bytes_and_size(int size, bool flushToDisk)
    {
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = _folder, FlushToDisk = flushToDisk }));
        var bytes = Content(size);

        var stored = await store.SaveAsync("AB12C", "photo.jpg", "image/jpeg", new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(size, stored.Size);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_folder, stored.StoreId)));
        Assert.Equal([Path.Combine(_folder, stored.StoreId)], Directory.GetFiles(Path.Combine(_folder, "AB12C")));
    }

    [Fact]
    public async Task Content_that_comes_in_small_unseekable_reads_is_stored_whole()
    {
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = _folder }));
        var bytes = Content(3 * LocalDocumentStore.CopyBytes / 2 + 7);

        var stored = await store.SaveAsync("AB12C", "video.mp4", "video/mp4", new Trickle(bytes, 1000), CancellationToken.None);

        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_folder, stored.StoreId)));
    }

    [Fact]
    public async Task Content_that_fails_past_the_first_block_leaves_no_file()
    {
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = _folder }));
        var content = new Trickle(Content(3 * LocalDocumentStore.CopyBytes), 64 * 1024, failAfter: 2 * LocalDocumentStore.CopyBytes);

        await Assert.ThrowsAsync<IOException>(() => store.SaveAsync("AB12C", "video.mp4", "video/mp4", content, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "AB12C")));
    }

    [Fact]
    public async Task A_file_the_disk_cannot_flush_is_not_stored_and_leaves_no_file()
    {
        var flushed = 0;
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = _folder }))
        {
            FlushFile = _ =>
            {
                flushed++;
                throw new IOException("Input/output error");
            },
        };

        await Assert.ThrowsAsync<IOException>(() =>
            store.SaveAsync("AB12C", "video.mp4", "video/mp4", new MemoryStream(Content(LocalDocumentStore.CopyBytes + 1)), CancellationToken.None));

        Assert.Equal(1, flushed);
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "AB12C")));
    }

    [Fact]
    public async Task With_FlushToDisk_off_the_store_does_not_flush()
    {
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = _folder, FlushToDisk = false }))
        {
            FlushFile = _ => throw new IOException("Input/output error"),
        };
        var bytes = Content(5000);

        var stored = await store.SaveAsync("AB12C", "photo.jpg", "image/jpeg", new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_folder, stored.StoreId)));
    }

    [Fact]
    public async Task Files_stored_at_once_in_a_new_ticket_folder_are_all_kept()
    {
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = Path.Combine(_folder, "documents") }));
        var contents = Enumerable.Range(1, 6).Select(i => Content(1000 * i)).ToList();

        var stored = await Task.WhenAll(contents.Select(bytes => Task.Run(() =>
            store.SaveAsync("NEW01", "photo.jpg", "image/jpeg", new MemoryStream(bytes), CancellationToken.None))));

        for (var i = 0; i < contents.Count; i++)
            Assert.Equal(contents[i], await File.ReadAllBytesAsync(Path.Combine(_folder, "documents", stored[i].StoreId)));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void Documents_FlushToDisk_is_on_unless_the_settings_turn_it_off(string? setting, bool expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        if (setting is not null) builder.Configuration.AddInMemoryCollection([new("Documents:FlushToDisk", setting)]);
        builder.AddSavDocuments();
        using var services = builder.Services.BuildServiceProvider();

        Assert.Equal(expected, services.GetRequiredService<IOptions<DocumentOptions>>().Value.FlushToDisk);
    }

    private static byte[] Content(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A stream that gives at most <c>step</c> bytes a read, cannot seek, and may fail part way.</summary>
    private sealed class Trickle(byte[] bytes, int step, int failAfter = int.MaxValue) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter) throw new IOException("The source went away.");
            var read = Math.Min(Math.Min(count, step), bytes.Length - _position);
            bytes.AsSpan(_position, read).CopyTo(buffer.AsSpan(offset));
            _position += read;
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
