namespace Sav.Domain.Mail.Mailbox;

public enum ReaderKind { Folder, Imap, Gmail }

public class MailboxOptions
{
    public const string Section = "Mailbox";
    public ReaderKind Reader { get; set; } = ReaderKind.Folder;
    /// <summary>The folder of .eml files the Folder reader sweeps; processed files go to its processed/ subfolder.</summary>
    public string Folder { get; set; } = "data/mailbox";
    /// <summary>Where the raw messages that matched no ticket, or could not be read, are kept for an analyst.</summary>
    public string QuarantineFolder { get; set; } = "data/quarantine";
    /// <summary>A larger message is recorded as rejected without being parsed.</summary>
    public long MaxMessageBytes { get; set; } = 64 * 1024 * 1024;
    /// <summary>How long reading one message may take before it is given up as rejected.</summary>
    public TimeSpan MessageBudget { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Messages taken from the mailbox per pass; a sweep runs passes until the mailbox is empty.</summary>
    public int BatchSize { get; set; } = 100;
    /// <summary>Messages read and filed at the same time.</summary>
    public int Parallelism { get; set; } = 2;
    /// <summary>Messages recorded on their tickets in one database transaction, then marked processed together.</summary>
    public int FileTogether { get; set; } = 20;
    /// <summary>After a sweep, how long the job keeps watching the mailbox (IMAP IDLE, or polling) and files
    /// what arrives at once. Zero sweeps once per run.</summary>
    public TimeSpan WatchFor { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How often the Folder and Gmail readers look for new mail while watching.</summary>
    public TimeSpan PollEvery { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Sav's own addresses besides the brands' sender and reply-to addresses: mail from them is a loop.</summary>
    public List<string> OwnAddresses { get; set; } = [];
    public ImapReaderOptions Imap { get; set; } = new();
    public GmailReaderOptions Gmail { get; set; } = new();
}

public class ImapReaderOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 993;
    /// <summary>MailKit's SecureSocketOptions: Auto, SslOnConnect, StartTls, None.</summary>
    public string Security { get; set; } = "Auto";
    public string User { get; set; } = "";
    public string Password { get; set; } = "";
    public string Folder { get; set; } = "INBOX";
    /// <summary>When set, processed messages are moved there; otherwise they are flagged seen and $SavFiled.</summary>
    public string? ProcessedFolder { get; set; }
    public bool Idle { get; set; } = true;
    /// <summary>Listed messages fetched in one command, up to this many bytes together (their sizes asked when listing);
    /// a message larger than the sweep's size limit is always fetched alone, cut at the limit. 0: one message a command.
    /// Kept for a distant server: at a 10 ms round trip, 58–64 replies/s against 46–48/s one a command (bench/README.md).</summary>
    public long FetchTogetherBytes { get; set; } = 16 * 1024 * 1024;
}

public class GmailReaderOptions
{
    public string Query { get; set; } = "in:inbox -label:sav-filed";
    /// <summary>The label put on processed messages (created when missing).</summary>
    public string ProcessedLabel { get; set; } = "sav-filed";
}
