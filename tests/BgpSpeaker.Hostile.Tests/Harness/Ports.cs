using System.Net;
using System.Net.Sockets;

namespace BgpSpeaker.Hostile.Tests.Harness;

internal static class Ports
{
    /// <summary>A port nobody listens on now; the daemon binds it a moment later.</summary>
    public static int Free()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
