using System.Net;
using System.Net.Sockets;

namespace Sav.Tests.Servers;

public class LoopbackPortTests
{
    [Fact]
    public async Task A_server_that_lost_its_port_to_another_process_is_started_again_on_another()
    {
        var tried = new List<int>();

        var port = await LoopbackPort.StartAsync(p =>
        {
            tried.Add(p);
            // The first port is taken by someone else between its choice and the bind.
            if (tried.Count == 1) throw new InvalidOperationException("address already in use");
            var listener = new TcpListener(IPAddress.Loopback, p);
            listener.Start();
            listener.Stop();
            return Task.FromResult(p);
        });

        Assert.Equal(2, tried.Count);
        Assert.Equal(tried[1], port);
    }

    [Fact]
    public async Task A_server_that_never_starts_fails_after_a_few_attempts()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LoopbackPort.StartAsync<int>(_ => { attempts++; throw new InvalidOperationException("no"); }));
        Assert.Equal(5, attempts);
    }
}
