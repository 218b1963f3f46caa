using System.Buffers;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;
using CsCheck;
using static BgpSpeaker.Wire.Tests.Properties.Generators;

namespace BgpSpeaker.Wire.Tests.Properties;

/// <summary>Encode → decode gives back the same message, and encoding that again gives the same octets.</summary>
public class RoundTripProperties
{
    private static readonly Gen<CodecContext> Contexts = Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, (four, ibgp, addPath, extended) =>
    {
        var families = addPath ? new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast } : [];
        return new CodecContext
        {
            FourOctetAs = four,
            ExternalPeer = !ibgp,
            AddPathReceive = families,
            AddPathSend = families,
            ExtendedNextHop = new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast },
            MaxMessageSize = extended ? CodecContext.ExtendedMaxMessageSize : CodecContext.StandardMaxMessageSize,
        };
    });

    private static UpdateMessage Decode(byte[] bytes, CodecContext context)
    {
        var (result, _) = Assert.Single(MessageDecoder.DecodeAll(bytes, context));
        Assert.Null(result.Error);
        var update = Assert.IsType<UpdateMessage>(result.Message);
        Assert.True(update.Action == ErrorAction.None, string.Join("; ", update.Errors));
        return update;
    }

    [Fact]
    public void UpdatesRoundTrip()
    {
        var gen = Contexts.SelectMany(ctx => Gen.Select(
            Gen.Const(ctx),
            Generators.Attributes(!ctx.ExternalPeer, ctx.FourOctetAs),
            V4NextHop,
            Entry(V4Prefix, ctx.SendsPathId(AfiSafi.Ipv4Unicast)).Array[0, 40],
            Entry(V4Prefix, ctx.SendsPathId(AfiSafi.Ipv4Unicast)).Array[0, 20],
            Gen.Select(Gen.Int[0, 2], V6NextHop, Entry(V6Prefix, ctx.SendsPathId(AfiSafi.Ipv6Unicast)).Array[1, 20])));

        gen.Sample(t =>
        {
            var (ctx, attributes, nextHop, nlri, withdrawn, mp) = t;
            // 0: no MP; 1: IPv6 unicast in MP_REACH; 2: IPv4 with an IPv6 next hop (RFC 8950)
            var mpFamily = mp.Item1 == 1 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast;
            var mpEntries = mp.Item1 == 2 ? mp.Item3.Select(e => e with { Prefix = Prefix.V4((uint)e.Prefix.Bits, Math.Min((int)e.Prefix.Length, 32)) }).ToArray() : mp.Item3;
            var message = new UpdateMessage
            {
                Withdrawn = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, withdrawn, ctx.SendsPathId(AfiSafi.Ipv4Unicast)),
                Attributes = attributes,
                NextHop = nlri.Length > 0 ? NextHop.V4(nextHop) : null,
                Nlri = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, nlri, ctx.SendsPathId(AfiSafi.Ipv4Unicast)),
                MpReach = mp.Item1 == 0 ? null : new MpReach(mpFamily, mp.Item2, NlriBlockBuilder.From(mpFamily, mpEntries, ctx.SendsPathId(mpFamily))),
            };
            var bytes = MessageEncoder.ToBytes(message, ctx);
            var decoded = Decode(bytes, ctx);

            Assert.Equal(attributes, decoded.Attributes);
            Assert.Equal(nlri, decoded.Nlri.ToList());
            Assert.Equal(withdrawn, decoded.Withdrawn.ToList());
            Assert.Equal(message.NextHop, decoded.NextHop);
            Assert.Equal(message.MpReach?.NextHop, decoded.MpReach?.NextHop);
            Assert.Equal(mpEntries.Length > 0 && mp.Item1 != 0 ? mpEntries : [], decoded.MpReach?.Nlri.ToList() ?? []);
            Assert.Equal(Hex.Format(bytes), Hex.Format(MessageEncoder.ToBytes(decoded, ctx)));
        }, iter: 400);
    }

    [Fact]
    public void PackerSplitsWithinTheLimitAndLosesNothing()
    {
        var gen = Gen.Select(Contexts, Gen.Int[0, 2], V6NextHop, V4NextHop).SelectMany(t => Gen.Select(
            Gen.Const(t),
            Generators.Attributes(!t.Item1.ExternalPeer, t.Item1.FourOctetAs),
            Entry(t.Item2 == 1 ? V6Prefix : V4Prefix, t.Item1.SendsPathId(t.Item2 == 1 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast)).Array[1, 3000]));

        gen.Sample(t =>
        {
            var ((ctx, kind, v6NextHop, v4NextHop), attributes, routes) = t;
            var family = kind == 1 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast;
            var nextHop = kind == 0 ? NextHop.V4(v4NextHop) : v6NextHop;
            var output = new ArrayBufferWriter<byte>();
            int messages = UpdatePacker.WriteAnnouncements(output, ctx, family, attributes, nextHop, routes);
            var bytes = output.WrittenSpan.ToArray();
            var results = MessageDecoder.DecodeAll(bytes, ctx).ToList();
            var decoded = results.Select(r => Assert.IsType<UpdateMessage>(r.Result.Message)).ToList();
            Assert.Equal(messages, decoded.Count);
            var perMessage = decoded.Select(u => kind == 0 ? u.Nlri.ToList() : u.MpReach!.Nlri.ToList()).ToList();
            Assert.Equal(routes, perMessage.SelectMany(m => m));
            Assert.All(decoded, u => Assert.Equal(attributes, u.Attributes));
            // Packed: every message but the last had no room left for the next prefix.
            for (int i = 0; i + 1 < results.Count; i++)
            {
                int length = results[i + 1].Offset - results[i].Offset;
                Assert.True(length <= ctx.MaxMessageSize);
                Assert.True(length + NlriWriter.Size(perMessage[i + 1][0].Prefix, ctx.SendsPathId(family)) > ctx.MaxMessageSize,
                    $"message {i} of {length} octets had room for more");
            }

            var withdrawals = new ArrayBufferWriter<byte>();
            UpdatePacker.WriteWithdrawals(withdrawals, ctx, family, routes);
            var withdrawn = MessageDecoder.DecodeAll(withdrawals.WrittenSpan.ToArray(), ctx)
                .Select(r => Assert.IsType<UpdateMessage>(r.Result.Message))
                .SelectMany(u => family == AfiSafi.Ipv4Unicast ? u.Withdrawn.ToList() : u.MpUnreach!.Withdrawn.ToList());
            Assert.Equal(routes, withdrawn);
        }, iter: 60);
    }

    [Fact]
    public void DecoderNeverThrowsOnRandomBytes()
    {
        var ctx = new CodecContext { FourOctetAs = true };
        Gen.Select(Gen.Int[1, 5], Gen.Byte.Array[0, 200]).Sample(t =>
        {
            var result = MessageDecoder.Decode((Wire.Framing.MessageType)t.Item1, t.Item2, ctx);
            Assert.True(result.Message is not null || result.Error is not null || t.Item1 == 5);
        }, iter: 20000);
    }

    [Fact]
    public void MutatedValidUpdatesNeverThrow()
    {
        var seed = Hex.Load("handmade/update-ipv4.hex")[19..];
        var ctx = new CodecContext { FourOctetAs = true };
        Gen.Select(Gen.Int[0, seed.Length - 1], Gen.Byte, Gen.Int[0, seed.Length]).Sample(t =>
        {
            var body = (byte[])seed.Clone();
            body[t.Item1] = t.Item2;
            var result = MessageDecoder.Decode(Wire.Framing.MessageType.Update, body.AsMemory(0, t.Item3), ctx);
            Assert.True(result.Message is not null || result.Error is not null);
            if (result.Message is UpdateMessage update)
            {
                // Whatever survives decoding re-encodes and decodes to the same attributes.
                var again = MessageDecoder.DecodeAll(MessageEncoder.ToBytes(update, ctx), ctx).Single().Result.Message as UpdateMessage;
                Assert.Equal(update.Attributes, again?.Attributes);
            }
        }, iter: 20000);
    }
}
