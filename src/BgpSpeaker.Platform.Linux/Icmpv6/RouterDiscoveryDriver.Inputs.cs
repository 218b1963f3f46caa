using System.Net;
using System.Net.NetworkInformation;
using BgpSpeaker.Platform.Linux.Icmpv6.Codec;
using BgpSpeaker.Platform.Linux.Icmpv6.Discovery;

namespace BgpSpeaker.Platform.Linux.Icmpv6;

/// <summary>The loop's side: inputs applied to the interfaces' machines, and their steps carried out.</summary>
public sealed partial class RouterDiscoveryDriver
{
    private abstract record Input;

    private sealed record AddInterfaceInput(FabricInterface Interface, PhysicalAddress? LinkLayerAddress) : Input;

    private sealed record RemoveInterfaceInput(int Index) : Input;

    private sealed record LinkInput(int Index, bool Up) : Input;

    private enum AddressChange
    {
        Tentative,
        Usable,
        Removed,
    }

    private sealed record AddressInput(int Index, IPAddress LinkLocal, AddressChange Change) : Input;

    private sealed record ConnectionInput(int Index, IPAddress Source) : Input;

    private sealed record PacketInput(ReceivedPacket Packet, NdMessage Message) : Input;

    private void Apply(Input input)
    {
        switch (input)
        {
            case AddInterfaceInput add:
                StartInterface(add);
                break;
            case RemoveInterfaceInput remove:
                ForgetInterface(remove.Index);
                break;
            case LinkInput link:
                ApplyLink(link);
                break;
            case AddressInput address:
                ApplyAddress(address);
                break;
            case ConnectionInput connection when _links.TryGetValue(connection.Index, out var link):
                Execute(link, link.Machine.IncomingConnection(connection.Source, Now));
                break;
            case PacketInput packet:
                ApplyPacket(packet);
                break;
            default:
                break; // an input for an interface we do not run
        }
    }

    private void StartInterface(AddInterfaceInput add)
    {
        if (_links.TryGetValue(add.Interface.Index, out var existing) && existing.Machine.Interface == add.Interface)
        {
            existing.LinkLayerAddress = add.LinkLayerAddress;
            return;
        }
        if (existing is not null)
        {
            ForgetInterface(add.Interface.Index); // same index, new name: start over under the new name
        }
        var link = new Link(new RouterDiscovery(add.Interface, _options), add.LinkLayerAddress);
        _links[add.Interface.Index] = link;
        JoinAllRouters(link);
    }

    private void ForgetInterface(int index)
    {
        if (_links.Remove(index, out var link))
        {
            Execute(link, link.Machine.Removed(Now));
            _socket.LeaveAllRouters(index); // fails harmlessly when the interface is already gone
        }
    }

    private void ApplyLink(LinkInput input)
    {
        if (!_links.TryGetValue(input.Index, out var link))
        {
            return;
        }
        if (input.Up)
        {
            JoinAllRouters(link);
        }
        Execute(link, input.Up ? link.Machine.LinkUp(Now) : link.Machine.LinkDown(Now));
    }

    private void ApplyAddress(AddressInput input)
    {
        if (!_links.TryGetValue(input.Index, out var link))
        {
            return;
        }
        var step = input.Change switch
        {
            AddressChange.Tentative => link.Machine.AddressTentative(input.LinkLocal, Now),
            AddressChange.Usable => link.Machine.AddressUsable(input.LinkLocal, Now),
            _ => link.Machine.AddressRemoved(input.LinkLocal, Now),
        };
        Execute(link, step);
    }

    private void ApplyPacket(PacketInput input)
    {
        var packet = input.Packet;
        if (!_links.TryGetValue(packet.InterfaceIndex, out var link))
        {
            Interlocked.Increment(ref _counters.OtherInterfacesIgnored);
            return;
        }
        // Multicast loop is off, but another socket of ours or a looped copy must never become a peer.
        if (_links.Values.Any(l => packet.Source.Equals(l.Machine.LinkLocal)))
        {
            Interlocked.Increment(ref _counters.OwnPacketsDropped);
            return;
        }
        if (input.Message is RouterAdvertisement)
        {
            Interlocked.Increment(ref _counters.AdvertisementsReceived);
            Execute(link, link.Machine.RouterAdvertisementReceived(packet.Source, Now));
        }
        else
        {
            Interlocked.Increment(ref _counters.SolicitationsReceived);
            Execute(link, link.Machine.RouterSolicitationReceived(packet.Source, Now));
        }
    }

    private void JoinAllRouters(Link link)
    {
        if (!link.JoinedAllRouters)
        {
            // Retried on the next link-up when it fails (IPv6 not yet enabled on the interface, say).
            link.JoinedAllRouters = _socket.JoinAllRouters(link.Machine.Interface.Index).IsOk;
        }
    }

    private void Execute(Link link, DiscoveryStep step)
    {
        if (step.SendSolicitation)
        {
            Send(link, new RouterSolicitation(link.LinkLayerAddress), RouterDiscoverySocket.AllRouters, ref _counters.SolicitationsSent);
        }
        if (step.SendAdvertisement)
        {
            var advertisement = new RouterAdvertisement(
                CurHopLimit: 0, // 0 = unspecified: we configure nobody's hop limit, and FRR warns about none
                Managed: false,
                OtherConfig: false,
                _options.RouterLifetimeSeconds,
                ReachableTimeMilliseconds: 0,
                RetransTimerMilliseconds: 0,
                link.LinkLayerAddress,
                _options.AdvertisedMtu);
            Send(link, advertisement, RouterDiscoverySocket.AllNodes, ref _counters.AdvertisementsSent);
        }
        foreach (var e in step.Events)
        {
            _events.Writer.TryWrite(e);
        }
    }

    private void Send(Link link, NdMessage message, IPAddress destination, ref long sentCounter)
    {
        if (link.Machine.LinkLocal is not { } source)
        {
            return; // the machine sends only with a usable address; defensive
        }
        Span<byte> packet = stackalloc byte[message.EncodedLength];
        message.WriteTo(packet);
        var result = _socket.Send(packet, destination, link.Machine.Interface.Index, source);
        if (result.IsOk)
        {
            Interlocked.Increment(ref sentCounter);
            link.LastSendError = null;
        }
        else
        {
            Interlocked.Increment(ref _counters.SendFailures);
            link.LastSendError = result.Message;
        }
    }
}
