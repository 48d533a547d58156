using System.Net;
using System.Net.Sockets;

namespace MemoryMonitor.TestSupport;

/// <summary>Loopback ports for servers the tests start.</summary>
public static class Ports
{
    /// <summary>A port free right now (the kernel picks it; a race with another binder is possible but unseen in practice).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
