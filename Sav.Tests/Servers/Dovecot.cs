using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using Sav.Domain.Mail.Mailbox;

namespace Sav.Tests.Servers;

/// <summary>A real Dovecot IMAP server on a loopback port, with its own configuration, state and mail in a
/// temporary folder, and one user. Needs the dovecot-imapd package.</summary>
public sealed class Dovecot : IAsyncDisposable
{
    public const string User = "sav";
    public const string Password = "secret-imap-password";
    public string Folder { get; }
    public int Port { get; }
    private readonly int _masterPid;

    private Dovecot(string folder, int port, int masterPid)
    {
        Folder = folder;
        Port = port;
        _masterPid = masterPid;
    }

    public static Task<Dovecot> StartAsync() => LoopbackPort.StartAsync(StartOnAsync);

    private static async Task<Dovecot> StartOnAsync(int port)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("The Dovecot fixture runs dovecot-imapd on Linux.");
        var folder = Directory.CreateTempSubdirectory("sav-dovecot-").FullName;
        // Dovecot's own users (and "nobody", who owns the mail when we run as root) must reach the folder.
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var mail = Directory.CreateDirectory(Path.Combine(folder, "mail")).FullName;
        File.SetUnixFileMode(mail, (UnixFileMode)0b111_111_111);
        var root = Environment.UserName == "root";
        var owner = root ? "uid=nobody gid=nogroup" : $"uid={Environment.UserName} gid={Environment.UserName}";
        File.WriteAllText(Path.Combine(folder, "passwd"), $"{User}:{{PLAIN}}{Password}::::::\n");
        var config = Path.Combine(folder, "dovecot.conf");
        File.WriteAllText(config, $$"""
            base_dir = {{folder}}/run
            state_dir = {{folder}}/state
            log_path = {{folder}}/dovecot.log
            info_log_path = {{folder}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            {{(root ? "" : $"default_internal_user = {Environment.UserName}\ndefault_login_user = {Environment.UserName}\nfirst_valid_uid = 1")}}
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{folder}}/passwd
            }
            userdb {
              driver = passwd-file
              args = username_format=%u {{folder}}/passwd
              default_fields = {{owner}} home={{mail}}/%u
            }
            mail_location = maildir:{{mail}}/%u/Maildir
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
            }
            service anvil {
              chroot =
            }
            """);
        using (var start = Process.Start(new ProcessStartInfo("dovecot", ["-c", config]) { RedirectStandardError = true })!)
        {
            await start.WaitForExitAsync();
            if (start.ExitCode != 0) throw new InvalidOperationException("dovecot did not start: " + await start.StandardError.ReadToEndAsync());
        }
        var pidFile = Path.Combine(folder, "run", "master.pid");
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid) && CanConnect(port))
                return new Dovecot(folder, port, pid);
            await Task.Delay(50);
        }
        throw new InvalidOperationException("dovecot did not listen: " + ReadLog(folder));
    }

    public MailboxOptions Options(string folder = "INBOX") => new()
    {
        Reader = ReaderKind.Imap,
        Imap = new ImapReaderOptions { Host = "127.0.0.1", Port = Port, Security = "None", User = User, Password = Password, Folder = folder },
    };

    public async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        return client;
    }

    /// <summary>Delivers messages the way a mail server would, by IMAP APPEND.</summary>
    public async Task AppendAsync(params MimeMessage[] messages)
    {
        using var client = await ConnectAsync();
        foreach (var message in messages) await client.Inbox.AppendAsync(message, MessageFlags.None);
        await client.DisconnectAsync(true);
    }

    public string Log => ReadLog(Folder);

    private static string ReadLog(string folder)
    {
        var path = Path.Combine(folder, "dovecot.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
    }


    private static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var master = Process.GetProcessById(_masterPid);
            master.Kill(entireProcessTree: true);
            await master.WaitForExitAsync();
        }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
