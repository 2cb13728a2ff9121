using System.Net;
using System.Net.Sockets;

namespace Sav.Tests.Servers;

/// <summary>
/// Ports for the servers the tests start as processes or libraries that bind by themselves (PostgreSQL, Dovecot, the SMTP
/// server). Such a port can only be chosen before the server binds it, and another process may take it in between:
/// <see cref="StartAsync"/> starts the server again on another port when it could not have its own.
/// </summary>
public static class LoopbackPort
{
    /// <summary>Starts a server on a free loopback port, up to <paramref name="attempts"/> times; <paramref name="start"/>
    /// throws <see cref="InvalidOperationException"/> when the server could not bind the port it was given.</summary>
    public static async Task<T> StartAsync<T>(Func<int, Task<T>> start, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(Free());
            }
            catch (InvalidOperationException) when (attempt < attempts)
            {
            }
        }
    }

    /// <summary>A port free on loopback now (another process may take it before it is bound: see <see cref="StartAsync"/>).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
