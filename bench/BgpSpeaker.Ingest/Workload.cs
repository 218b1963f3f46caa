using System.Buffers;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Ingest;

/// <summary>
/// The table the feeder sends, encoded once before any clock starts: IPv4 /24s and /32s and, when asked,
/// IPv6 /48s and /128s, spread over a fixed number of attribute sets (distinct AS paths, MEDs and
/// communities). Each set's IPv4 share is packed into as few standard 4,096-octet UPDATEs as it fits,
/// then its IPv6 share into MP_REACH_NLRI UPDATEs, so the two families interleave set by set; the
/// withdrawals are the IPv4 prefixes packed, then the IPv6 ones in MP_UNREACH_NLRI.
/// </summary>
internal sealed class Workload
{
    private static readonly CodecContext Context = new() { FourOctetAs = true };

    private Workload(int ipv4Prefixes, int ipv6Prefixes, byte[] announce, int announceUpdates, byte[] withdraw, int withdrawUpdates)
    {
        (Ipv4Prefixes, Ipv6Prefixes, Announce, AnnounceUpdates, Withdraw, WithdrawUpdates) =
            (ipv4Prefixes, ipv6Prefixes, announce, announceUpdates, withdraw, withdrawUpdates);
    }

    /// <summary>Every prefix of the table, both families: what the sink holds when the clock stops.</summary>
    public int Prefixes => Ipv4Prefixes + Ipv6Prefixes;

    public int Ipv4Prefixes { get; }

    public int Ipv6Prefixes { get; }

    /// <summary>The families the feeder and the sink negotiate: IPv6 unicast only when the table has IPv6 prefixes.</summary>
    public AfiSafi[] Families => Ipv6Prefixes > 0 ? [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast] : [AfiSafi.Ipv4Unicast];

    public byte[] Announce { get; }

    public int AnnounceUpdates { get; }

    public byte[] Withdraw { get; }

    public int WithdrawUpdates { get; }

    /// <param name="ipv4Prefixes">IPv4 prefixes: 90 % /24 and 10 % /32.</param>
    /// <param name="ipv6Prefixes">IPv6 prefixes: 90 % /48 and 10 % /128.</param>
    /// <param name="attributeSets">Distinct attribute sets; each family's prefixes are dealt to them in equal shares.</param>
    public static Workload Build(int ipv4Prefixes, int ipv6Prefixes, int attributeSets, uint nextHop, UInt128 nextHopV6)
    {
        var ipv4 = Ipv4Routes(ipv4Prefixes);
        var ipv6 = Ipv6Routes(ipv6Prefixes);
        var announce = new ArrayBufferWriter<byte>((ipv4Prefixes * 5) + (ipv6Prefixes * 9));
        int announceUpdates = 0;
        for (int set = 0; set < attributeSets; set++)
        {
            var attributes = Attributes(set);
            announceUpdates += WriteAnnouncements(announce, AfiSafi.Ipv4Unicast, attributes, NextHop.V4(nextHop), Share(ipv4, set, attributeSets));
            announceUpdates += WriteAnnouncements(announce, AfiSafi.Ipv6Unicast, attributes, NextHop.V6(nextHopV6), Share(ipv6, set, attributeSets));
        }
        var withdraw = new ArrayBufferWriter<byte>((ipv4Prefixes * 5) + (ipv6Prefixes * 9));
        int withdrawUpdates = UpdatePacker.WriteWithdrawals(withdraw, Context, AfiSafi.Ipv4Unicast, ipv4);
        if (ipv6.Length > 0)
        {
            withdrawUpdates += UpdatePacker.WriteWithdrawals(withdraw, Context, AfiSafi.Ipv6Unicast, ipv6);
        }
        return new Workload(ipv4.Length, ipv6.Length, announce.WrittenSpan.ToArray(), announceUpdates, withdraw.WrittenSpan.ToArray(), withdrawUpdates);
    }

    private static int WriteAnnouncements(ArrayBufferWriter<byte> output, AfiSafi family, PathAttributes attributes, NextHop nextHop, ReadOnlySpan<NlriEntry> routes) =>
        routes.IsEmpty ? 0 : UpdatePacker.WriteAnnouncements(output, Context, family, attributes, nextHop, routes);

    /// <summary>Set <paramref name="set"/>'s consecutive share of <paramref name="routes"/> (empty once they are dealt out).</summary>
    private static ReadOnlySpan<NlriEntry> Share(NlriEntry[] routes, int set, int sets)
    {
        int share = (routes.Length + sets - 1) / sets;
        int start = Math.Min(set * share, routes.Length);
        return routes.AsSpan(start, Math.Min(share, routes.Length - start));
    }

    /// <summary>/24s from 11.0.0.0 up, then /32s from 100.64.0.0 up; the /24s and /32s of each set interleave.</summary>
    private static NlriEntry[] Ipv4Routes(int count)
    {
        var routes = new NlriEntry[count];
        for (int i = 0, n = 0, h = 0; i < count; i++)
        {
            // Every tenth route a /32, so each attribute set carries both lengths.
            routes[i] = i % 10 == 9
                ? new NlriEntry(Prefix.V4(0x64400000u + (uint)h++, 32), 0)
                : new NlriEntry(Prefix.V4(0x0B000000u + ((uint)n++ << 8), 24), 0);
        }
        return routes;
    }

    /// <summary>
    /// /48s from 3fff::/20 up (RFC 9637's documentation block: room for 2^28 of them, where 2001:db8::/32
    /// holds only 65,536), then /128s from 2001:db8:1::/48 up; interleaved like the IPv4 ones, every tenth a /128.
    /// </summary>
    private static NlriEntry[] Ipv6Routes(int count)
    {
        var sites = IpAddresses.ParseV6("3fff::");
        var hosts = IpAddresses.ParseV6("2001:db8:1::");
        var routes = new NlriEntry[count];
        for (int i = 0, n = 0, h = 0; i < count; i++)
        {
            routes[i] = i % 10 == 9
                ? new NlriEntry(Prefix.V6(hosts + (uint)h++, 128), 0)
                : new NlriEntry(Prefix.V6(sites + ((UInt128)(uint)n++ << 80), 48), 0);
        }
        return routes;
    }

    private static PathAttributes Attributes(int set) => new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence(Lab.FeederAs, 64600 + (uint)(set % 300), 4200000000 + (uint)set),
        MultiExitDisc = (uint)set,
        Communities = [new Community(65001, (ushort)set)],
    };
}
