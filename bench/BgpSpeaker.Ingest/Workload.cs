using System.Buffers;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Ingest;

/// <summary>
/// The table the feeder sends, encoded once before any clock starts: /24s and /32s spread over a fixed
/// number of attribute sets (distinct AS paths, MEDs and communities), each set packed into as few
/// standard 4,096-octet UPDATEs as it fits, and the same prefixes as packed withdrawals.
/// </summary>
internal sealed class Workload
{
    private static readonly CodecContext Context = new() { FourOctetAs = true };

    private Workload(int prefixes, byte[] announce, int announceUpdates, byte[] withdraw, int withdrawUpdates)
    {
        (Prefixes, Announce, AnnounceUpdates, Withdraw, WithdrawUpdates) = (prefixes, announce, announceUpdates, withdraw, withdrawUpdates);
    }

    public int Prefixes { get; }

    public byte[] Announce { get; }

    public int AnnounceUpdates { get; }

    public byte[] Withdraw { get; }

    public int WithdrawUpdates { get; }

    /// <param name="prefixes">Total prefixes: 90 % /24 and 10 % /32.</param>
    /// <param name="attributeSets">Distinct attribute sets; prefixes are dealt to them in equal shares.</param>
    public static Workload Build(int prefixes, int attributeSets, uint nextHop)
    {
        var routes = Routes(prefixes);
        var announce = new ArrayBufferWriter<byte>(prefixes * 5);
        int announceUpdates = 0;
        int share = (routes.Length + attributeSets - 1) / attributeSets;
        for (int set = 0; set * share < routes.Length; set++)
        {
            var slice = routes.AsSpan(set * share, Math.Min(share, routes.Length - (set * share)));
            announceUpdates += UpdatePacker.WriteAnnouncements(announce, Context, AfiSafi.Ipv4Unicast, Attributes(set), NextHop.V4(nextHop), slice);
        }
        var withdraw = new ArrayBufferWriter<byte>(prefixes * 5);
        int withdrawUpdates = UpdatePacker.WriteWithdrawals(withdraw, Context, AfiSafi.Ipv4Unicast, routes);
        return new Workload(routes.Length, announce.WrittenSpan.ToArray(), announceUpdates, withdraw.WrittenSpan.ToArray(), withdrawUpdates);
    }

    /// <summary>/24s from 11.0.0.0 up, then /32s from 100.64.0.0 up; the /24s and /32s of each set interleave.</summary>
    private static NlriEntry[] Routes(int count)
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

    private static PathAttributes Attributes(int set) => new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence(Lab.FeederAs, 64600 + (uint)(set % 300), 4200000000 + (uint)set),
        MultiExitDisc = (uint)set,
        Communities = [new Community(65001, (ushort)set)],
    };
}
