using System.Net;
using BgpSpeaker.Daemon;

namespace BgpSpeaker.Fabric;

/// <summary>One fabric interface: its link, the leaf's link-local address on it, and the session to that leaf.</summary>
internal sealed class FabricPort(int index, string name, Peer peer)
{
    public int Index { get; } = index;

    public string Name { get; } = name;

    public Peer Peer { get; } = peer;

    public bool LinkUsable { get; set; }

    /// <summary>The leaf's link-local address, scoped to this interface; null until learned.</summary>
    public IPAddress? Remote { get; set; }

    /// <summary>In plain words, for show neighbors and the log: "eth1: link down", "eth1: address tentative", ...</summary>
    public string State { get; set; } = $"{name}: waiting for the link";
}
