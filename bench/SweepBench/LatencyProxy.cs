using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

/// <summary>A TCP relay on loopback that holds every chunk for a fixed delay in each direction, as a distant server's
/// round trip would (loopback's own is a few microseconds): what fetching several IMAP messages a command is for.</summary>
sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public LatencyProxy(string host, int port, TimeSpan oneWay)
    {
        _listener.Start();
        _accepting = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient { NoDelay = true };
                await server.ConnectAsync(host, port, _stop.Token);
                client.NoDelay = true;
                _ = Relay(client.GetStream(), server.GetStream(), oneWay, _stop.Token).ContinueWith(_ => server.Dispose());
                _ = Relay(server.GetStream(), client.GetStream(), oneWay, _stop.Token).ContinueWith(_ => client.Dispose());
            }
        });
    }

    private static async Task Relay(Stream from, Stream to, TimeSpan delay, CancellationToken ct)
    {
        var line = Channel.CreateUnbounded<(long Due, byte[] Data)>();
        var sending = Task.Run(async () =>
        {
            await foreach (var (due, data) in line.Reader.ReadAllAsync(ct))
            {
                if (due > Stopwatch.GetTimestamp()) await Task.Delay(TimeSpan.FromTicks((due - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency), ct);
                await to.WriteAsync(data, ct);
            }
        }, ct);
        var buffer = new byte[256 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
                line.Writer.TryWrite((Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency), buffer[..read]));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException) { }
        line.Writer.TryComplete();
        try { await sending; } catch (Exception e) when (e is IOException or OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
    }
}
