using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sav.Domain;
using Sav.Domain.Documents;

namespace Sav.Tests.Domain.Documents;

/// <summary>Files written by the local store (directly to the disk where the file system allows it, in aligned blocks
/// with the last one cut to length; through the page cache when Documents:DirectWrites is off or the file system refuses)
/// come back byte for byte, whatever their size and however the content is read, flushed to the disk or not
/// (Documents:FlushToDisk); a file the disk cannot flush is not reported stored and leaves nothing behind.</summary>
public class LocalDocumentStoreTests : IDisposable
{
    /// <summary>This test's own folder (xunit makes one instance of the class per test).</summary>
    private readonly string _folder = Directory.CreateTempSubdirectory("sav-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);
    [Theory]
    [InlineData(1, true, true)]
    [InlineData(4095, true, true)]
    [InlineData(4096, true, true)]
    [InlineData(4097, true, true)]
    [InlineData(DirectFile.BufferBytes, true, true)]
    [InlineData(DirectFile.BufferBytes + 1, true, true)]
    [InlineData(2 * DirectFile.BufferBytes + 12_345, true, true)]
    [InlineData(1, false, true)]
    [InlineData(DirectFile.BufferBytes + 1, false, true)]
    [InlineData(2 * DirectFile.BufferBytes + 12_345, false, true)]
    [InlineData(4097, true, false)]
    [InlineData(2 * DirectFile.BufferBytes + 12_345, true, false)]
    [InlineData(4097, false, false)]
    [InlineData(2 * DirectFile.BufferBytes + 12_345, false, false)]
    public async Task A_stored_file_reads_back_the_same_bytes_and_size(int size, bool directWrites, bool flushToDisk)
    {
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = _folder, DirectWrites = directWrites, FlushToDisk = flushToDisk }));
        var bytes = Content(size);

        var stored = await store.SaveAsync("AB12C", "photo.jpg", "image/jpeg", new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(size, stored.Size);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_folder, stored.StoreId)));
        Assert.Equal([Path.Combine(_folder, stored.StoreId)], Directory.GetFiles(Path.Combine(_folder, "AB12C")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Content_that_comes_in_small_unseekable_reads_is_stored_whole(bool directWrites)
    {
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = _folder, DirectWrites = directWrites }));
        var bytes = Content(3 * DirectFile.BufferBytes / 2 + 7);

        var stored = await store.SaveAsync("AB12C", "video.mp4", "video/mp4", new Trickle(bytes, 1000), CancellationToken.None);

        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_folder, stored.StoreId)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Content_that_fails_past_the_first_block_leaves_no_file(bool directWrites)
    {
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = _folder, DirectWrites = directWrites }));
        var content = new Trickle(Content(3 * DirectFile.BufferBytes), 64 * 1024, failAfter: 2 * DirectFile.BufferBytes);

        await Assert.ThrowsAsync<IOException>(() => store.SaveAsync("AB12C", "video.mp4", "video/mp4", content, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "AB12C")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_file_the_disk_cannot_flush_is_not_stored_and_leaves_no_file(bool directWrites)
    {
        var flushed = 0;
        var store = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = _folder, DirectWrites = directWrites }))
        {
            FlushFile = _ =>
            {
                flushed++;
                throw new IOException("Input/output error");
            },
        };

        await Assert.ThrowsAsync<IOException>(() =>
            store.SaveAsync("AB12C", "video.mp4", "video/mp4", new MemoryStream(Content(DirectFile.BufferBytes + 1)), CancellationToken.None));

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

    /// <summary>Some file systems (a network share, an old FUSE mount) open a file for direct writes and then refuse the
    /// writes themselves: the customer's file is written again through the page cache, and that store writes buffered
    /// from then on, while a store on another file system goes on writing directly.</summary>
    [Fact]
    public async Task A_file_system_that_refuses_direct_writes_still_gets_the_file_buffered_and_only_its_store_stops_trying()
    {
        var opened = 0;
        var refusing = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = Path.Combine(_folder, "share") }))
        {
            // The file created, then a handle whose first write fails with an I/O error, as such a file system answers
            // (here /dev/full's: no space left).
            CreateDirect = (path, refusal) =>
            {
                if (refusal.Refused) return DirectFile.TryCreate(path, refusal);
                opened++;
                File.WriteAllBytes(path, []);
                return File.OpenHandle("/dev/full", FileMode.Open, FileAccess.Write);
            },
        };
        var other = new LocalDocumentStore(Options.Create(new DocumentOptions { Folder = Path.Combine(_folder, "disk") }));
        var first = Content(DirectFile.BufferBytes + 4097);
        var second = Content(5000);

        var stored = await refusing.SaveAsync("AB12C", "video.mp4", "video/mp4", new MemoryStream(first), CancellationToken.None);
        var again = await refusing.SaveAsync("AB12C", "photo.jpg", "image/jpeg", new MemoryStream(second), CancellationToken.None);
        await other.SaveAsync("AB12C", "photo.jpg", "image/jpeg", new MemoryStream(second), CancellationToken.None);

        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(_folder, "share", stored.StoreId)));
        Assert.Equal(first.Length, stored.Size);
        Assert.Equal(second, await File.ReadAllBytesAsync(Path.Combine(_folder, "share", again.StoreId)));
        Assert.Equal(1, opened);
        Assert.True(refusing.Direct.Refused);
        Assert.False(other.Direct.Refused);
        // No temporary file is left beside the two stored ones.
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_folder, "share", "AB12C")).Length);
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
