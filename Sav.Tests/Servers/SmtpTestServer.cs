using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Sav.Tests.Servers;

/// <summary>A real SMTP server on a loopback port, in process (the SmtpServer package). It keeps the
/// bytes of every mail it accepts, can require AUTH, refuse recipients and answer 421 for a while.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _failures;

    public int Port { get; }
    public ConcurrentQueue<ReceivedMail> Received { get; } = new();
    public ConcurrentQueue<string> Logins { get; } = new();
    /// <summary>Recipients refused with a 550.</summary>
    public ConcurrentDictionary<string, bool> Unknown { get; } = new(StringComparer.OrdinalIgnoreCase);

    private SmtpTestServer(int port, string? user, string? password)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))
                .AllowUnsecureAuthentication(true)
                .AuthenticationRequired(user is not null))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        services.Add(new Authenticator(this, user, password));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    /// <summary>Starts a server; with a user, it refuses mail from clients that did not log in as that user.</summary>
    public static Task<SmtpTestServer> StartAsync(string? user = null, string? password = null) =>
        LoopbackPort.StartAsync(port => StartOnAsync(port, user, password));

    private static async Task<SmtpTestServer> StartOnAsync(int port, string? user, string? password)
    {
        var server = new SmtpTestServer(port, user, password);
        // The listener is up once a connection gets this server's greeting (another process may hold the port).
        for (var i = 0; i < 50 && !server._running.IsCompleted; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, server.Port);
                using var reader = new StreamReader(probe.GetStream());
                if ((await reader.ReadLineAsync())?.Contains("smtp.test", StringComparison.Ordinal) == true) return server;
                break;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
        await server.DisposeAsync();
        throw new InvalidOperationException($"The SMTP test server did not start on port {server.Port}.");
    }

    /// <summary>The next <paramref name="count"/> mails get a 421 (try again later).</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);


    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync();
        try { await _running.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (OperationCanceledException) { }
        catch (TimeoutException) { }
        catch (Exception) when (_running.IsFaulted) { } // it never had its port
        _stop.Dispose();
    }

    private sealed class Store(SmtpTestServer owner) : MessageStore
    {
        public override Task<SmtpServer.Protocol.SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref owner._failures) >= 0)
                return Task.FromResult(new SmtpServer.Protocol.SmtpResponse(SmtpReplyCode.ServiceUnavailable, "try again later"));
            var id = $"Q{owner.Received.Count + 1:D4}";
            owner.Received.Enqueue(new ReceivedMail(transaction.From.AsAddress(), transaction.To.Select(t => t.AsAddress()).ToList(), buffer.ToArray()));
            return Task.FromResult(new SmtpServer.Protocol.SmtpResponse(SmtpReplyCode.Ok, $"2.0.0 Ok: queued as {id}"));
        }
    }

    private sealed class Filter(SmtpTestServer owner) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!owner.Unknown.ContainsKey(to.AsAddress()));
    }

    private sealed class Authenticator(SmtpTestServer owner, string? user, string? password) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string name, string secret, CancellationToken cancellationToken)
        {
            var ok = user is not null && name == user && secret == password;
            if (ok) owner.Logins.Enqueue(name);
            return Task.FromResult(ok);
        }
    }
}

public sealed record ReceivedMail(string From, IReadOnlyList<string> To, byte[] Raw);
