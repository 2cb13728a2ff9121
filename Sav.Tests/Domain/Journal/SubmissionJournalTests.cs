using System.Text;
using Sav.Domain.Documents;
using Sav.Domain.Journal;
using Sav.Domain.Tickets;

namespace Sav.Tests.Domain.Journal;

public sealed class SubmissionJournalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sav-journal-").FullName;
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static OpenTicket Opening(string subject) => new()
    {
        Email = "marie@example.org", Name = "Marie", Subject = subject, ProductFamily = "Écrans",
    };

    private static Task<JournalEntry?> AddAsync(SubmissionJournal journal, string subject, params Upload[] files) =>
        journal.AddOpeningAsync(Opening(subject), "marie@example.org", subject, At, files, CancellationToken.None);

    [Fact]
    public async Task Openings_take_the_reserved_numbers_in_turn_each_once_and_none_without_them()
    {
        using var journal = SubmissionJournal.Open(_folder);
        Assert.Null(await AddAsync(journal, "sans numéro"));

        await journal.AddNumbersAsync(100, 102);
        await journal.AddNumbersAsync(500, 501);
        var numbers = new List<long>();
        foreach (var subject in new[] { "a", "b", "c" }) numbers.Add((await AddAsync(journal, subject))!.Number);

        Assert.Equal([100, 101, 500], numbers);
        Assert.Equal(0, journal.NumbersLeft);
        Assert.Null(await AddAsync(journal, "d"));
        // The same submission again while the first waits is the first one.
        Assert.Equal(101, (await AddAsync(journal, "b"))!.Number);
        Assert.Equal(3, journal.Waiting.Count);
    }

    [Fact]
    public async Task A_journal_opened_again_holds_what_was_answered_and_gives_no_number_twice()
    {
        using (var journal = SubmissionJournal.Open(_folder))
        {
            await journal.AddNumbersAsync(10, 20);
            await AddAsync(journal, "a", new Upload("photo.jpg", "image/jpeg", 5, () => new MemoryStream("JPEG!"u8.ToArray())));
            await journal.AddRequestAsync(new CustomerRequest(RequestKind.Close, "A00A#ABCDE", "Merci"), At);
        }

        using var again = SubmissionJournal.Open(_folder);
        var pending = again.Pending();
        Assert.Equal(2, pending.Count);
        Assert.Equal(10, pending[0].Number);
        Assert.Equal("a", pending[0].Opening!.Subject);
        await using (var photo = pending[0].Files.Single().ToUpload().OpenRead())
            Assert.Equal("JPEG!", await new StreamReader(photo).ReadToEndAsync());
        Assert.Equal(RequestKind.Close, pending[1].Request!.Kind);
        Assert.Equal("Merci", pending[1].Request!.Text);
        Assert.Equal(11, (await AddAsync(again, "b"))!.Number);
        Assert.Equal(8, again.NumbersLeft);
    }

    [Fact]
    public async Task A_record_cut_by_a_crash_while_written_is_dropped_and_nothing_answered_before_it_is_lost()
    {
        using (var journal = SubmissionJournal.Open(_folder))
        {
            await journal.AddNumbersAsync(10, 20);
            await AddAsync(journal, "a");
            await AddAsync(journal, "b");
            await AddAsync(journal, "c");
        }
        // The crash: the last record half written, no newline at its end.
        var path = Path.Combine(_folder, "journal.log");
        var bytes = await File.ReadAllBytesAsync(path);
        var lastLine = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2) + 1;
        await File.WriteAllBytesAsync(path, bytes[..(lastLine + (bytes.Length - lastLine) / 2)]);

        using (var again = SubmissionJournal.Open(_folder))
        {
            Assert.Equal(["a", "b"], again.Pending().Select(e => e.Opening!.Subject));
            // Its number was never answered: it is given again, and the journal goes on whole.
            Assert.Equal(12, (await AddAsync(again, "d"))!.Number);
        }
        using var third = SubmissionJournal.Open(_folder);
        Assert.Equal(["a", "b", "d"], third.Pending().Select(e => e.Opening!.Subject));
        Assert.EndsWith("\n", Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path)));
    }

    [Fact]
    public async Task Replayed_submissions_leave_and_the_last_one_leaves_only_the_numbers_not_given()
    {
        using var journal = SubmissionJournal.Open(_folder);
        await journal.AddNumbersAsync(10, 20);
        var first = (await AddAsync(journal, "a", new Upload("photo.jpg", "image/jpeg", 1, () => new MemoryStream([1]))))!;
        var second = (await AddAsync(journal, "b"))!;

        await journal.DoneAsync(first);
        Assert.Equal([second.Id], journal.Pending().Select(e => e.Id));
        Assert.False(Directory.Exists(Path.Combine(_folder, "files", first.Id)));
        await journal.SetAsideAsync(second, "refusée");

        Assert.Equal((0, null), journal.Waiting);
        Assert.Single(File.ReadAllLines(Path.Combine(_folder, "journal.log")));
        Assert.Contains("refusée", await File.ReadAllTextAsync(Path.Combine(_folder, "failed.log")));
        using var again = SubmissionJournal.Open(_folder);
        Assert.Empty(again.Pending());
        Assert.Equal(12, (await AddAsync(again, "c"))!.Number);
    }
}
