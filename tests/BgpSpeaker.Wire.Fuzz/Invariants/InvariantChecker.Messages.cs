using System.Text;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Fuzz;

/// <summary>Invariants of decoded messages and the encode → decode round trip.</summary>
public static partial class InvariantChecker
{
    /// <summary>OPENs whose re-encoding exceeds 4096 octets are round-tripped this many capabilities at a time.</summary>
    private const int CapabilitiesPerOpen = 15;

    private sealed partial class Run
    {
        private void CheckMessage(BgpMessage message, byte[] wire)
        {
            if (message is UpdateMessage update)
            {
                CheckUpdate(update, wire);
            }
            if (message is OpenMessage open)
            {
                _ = open.AsNumber;
                foreach (var capability in open.Capabilities)
                {
                    _ = capability.Name;
                }
            }
            if (message is NotificationMessage notification)
            {
                _ = notification.Describe();
            }
            RoundTrip(message, wire);
        }

        /// <summary>The errors kept with an UPDATE are softer than a reset and its action is the strongest of them.</summary>
        private void CheckUpdate(UpdateMessage update, byte[] wire)
        {
            var strongest = ErrorAction.None;
            foreach (var error in update.Errors)
            {
                CheckError(error, wire);
                Require(error.Action < ErrorAction.AfiSafiDisable, $"an UPDATE decoded with a {error.Action} error ({error})", wire);
                strongest = (ErrorAction)Math.Max((int)strongest, (int)error.Action);
            }
            Require(update.Action == strongest, $"UPDATE action {update.Action} is not the strongest of its errors ({strongest})", wire);

            CheckBlock(update.Withdrawn, AfiSafi.Ipv4Unicast, "withdrawn routes", wire);
            CheckBlock(update.Nlri, AfiSafi.Ipv4Unicast, "NLRI", wire);
            if (update.MpReach is { } reach)
            {
                CheckBlock(reach.Nlri, reach.Family, "MP_REACH_NLRI", wire);
                Require(reach.NextHop.Length is 4 or 16 or 32 && (reach.NextHop.Length == 4) == (reach.NextHop.Afi == Afi.Ipv4),
                    $"MP_REACH_NLRI next hop of length {reach.NextHop.Length}", wire);
                _ = (reach.NextHop.ToString(), reach.NextHop.LinkLocalAddress, reach.NextHop.GlobalAddress);
            }
            if (update.MpUnreach is { } unreach)
            {
                CheckBlock(unreach.Withdrawn, unreach.Family, "MP_UNREACH_NLRI", wire);
            }
            Require(update.NextHop is null or { Length: 4 }, $"classic NEXT_HOP of length {update.NextHop?.Length}", wire);
            if (update.Attributes is { } attributes)
            {
                _ = (attributes.AsPath.ToString(), attributes.AsPath.PathLength, attributes.AsPath.FirstAs, attributes.GetHashCode());
                foreach (var community in attributes.ExtendedCommunities)
                {
                    _ = community.ToString();
                }
            }
            _ = update.EndOfRib;
        }

        /// <summary>Every entry of a validated block enumerates, within the family's prefix length, as many as counted.</summary>
        private void CheckBlock(NlriBlock block, AfiSafi family, string what, byte[] wire)
        {
            Require(block.Family == family, $"{what} block is {block.Family}, expected {family}", wire);
            Require(block.IsEmpty || block.HasPathId == _context.ReceivesPathId(family),
                $"{what} path identifiers {block.HasPathId} but ADD-PATH receive is {_context.ReceivesPathId(family)}", wire);
            var entries = block.ToList();
            Require(entries.Count == block.Count, $"{what} counted {block.Count} entries but enumerates {entries.Count}", wire);
            foreach (var entry in entries)
            {
                Require(entry.Prefix.Afi == family.Afi && entry.Prefix.Length <= family.MaxPrefixLength,
                    $"{what} entry {entry.Prefix} does not belong to {family}", wire);
            }
        }

        /// <summary>Encode what was decoded, decode it again: the same message, and the same octets once more.</summary>
        private void RoundTrip(BgpMessage message, byte[] wire)
        {
            var context = _context;
            byte[]? bytes = TryEncode(message, context);
            if (bytes is null)
            {
                switch (message)
                {
                    case OpenMessage open:
                        RoundTripInParts(open, wire);
                        return;
                    case UpdateMessage update:
                        // Re-encoding may legitimately grow an UPDATE: ORIGIN and AS_PATH are always
                        // written (7 octets), and on a 2-octet session AS4_PATH repeats the path.
                        bool as4 = !_context.FourOctetAs && update.Attributes is { } a && AsPathCodec.NeedsAs4Path(a.AsPath);
                        context = _context with { MaxMessageSize = CodecContext.ExtendedMaxMessageSize };
                        bytes = TryEncode(update, context);
                        if (bytes is null)
                        {
                            Require(as4, "a decoded UPDATE re-encodes to more than 65535 octets", wire);
                            return;
                        }
                        Require(bytes.Length - wire.Length <= 7 || as4,
                            $"a decoded UPDATE of {wire.Length} octets re-encodes to {bytes.Length}, past the {_context.MaxMessageSize}-octet limit", wire);
                        break;
                    default:
                        Fail($"a decoded {message.Type} of {wire.Length} octets does not fit in {_context.MaxMessageSize} octets when re-encoded", wire);
                        return;
                }
            }
            RoundTrip(message, context, bytes, wire);
        }

        /// <summary>
        /// One capability per optional parameter can outgrow 4096 octets when the peer packed many into
        /// one parameter: compare the capabilities a few at a time instead.
        /// </summary>
        private void RoundTripInParts(OpenMessage open, byte[] wire)
        {
            for (int i = 0; i < open.Capabilities.Count; i += CapabilitiesPerOpen)
            {
                var part = new OpenMessage
                {
                    Version = open.Version,
                    MyAs = open.MyAs,
                    HoldTimeSeconds = open.HoldTimeSeconds,
                    BgpIdentifier = open.BgpIdentifier,
                    Capabilities = [.. open.Capabilities.Skip(i).Take(CapabilitiesPerOpen)],
                };
                byte[]? bytes = TryEncode(part, _context);
                Require(bytes is not null, $"{part.Capabilities.Count} capabilities of a decoded OPEN do not fit in one OPEN", wire);
                RoundTrip(part, _context, bytes!, wire);
            }
        }

        private static void RoundTrip(BgpMessage message, CodecContext context, byte[] bytes, byte[] wire)
        {
            var again = DecodeOne(bytes, context, $"a decoded {message.Type}");
            Require(again.Type == message.Type, $"{message.Type} re-encoded decodes as {again.Type}", bytes);
            string? difference = message switch
            {
                UpdateMessage update => CompareUpdates(update, (UpdateMessage)again),
                OpenMessage open => CompareOpens(open, (OpenMessage)again),
                NotificationMessage notification => CompareNotifications(notification, (NotificationMessage)again),
                RouteRefreshMessage refresh => refresh.Family == ((RouteRefreshMessage)again).Family && refresh.Subtype == ((RouteRefreshMessage)again).Subtype
                    ? null : "family or subtype differ",
                _ => null,
            };
            if (difference is not null)
            {
                throw new InvariantViolationException(
                    $"{message.Type} does not survive encode → decode: {difference}; decoded from {Hex(wire, 160)}, re-encoded {Hex(bytes, 160)}");
            }
            byte[]? twice = TryEncode(again, context);
            Require(twice is not null && twice.AsSpan().SequenceEqual(bytes),
                $"{message.Type} encodes differently the second time: {Hex(bytes, 160)} then {(twice is null ? "does not fit" : Hex(twice, 160))}", wire);
        }

        /// <summary>The encoding, or null when it exceeds the size limit (the encoder's one expected failure).</summary>
        private static byte[]? TryEncode(BgpMessage message, CodecContext context)
        {
            try
            {
                return MessageEncoder.ToBytes(message, context);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("does not fit", StringComparison.Ordinal))
            {
                return null;
            }
            catch (Exception e)
            {
                throw new InvariantViolationException($"the encoder threw {e.GetType().Name} on a decoded {message.Type}: {e.Message}", e);
            }
        }
    }

    private static string? CompareUpdates(UpdateMessage a, UpdateMessage b)
    {
        if (!Equals(a.Attributes, b.Attributes))
        {
            return $"attributes {Describe(a.Attributes)} became {Describe(b.Attributes)}";
        }
        if (a.NextHop != b.NextHop)
        {
            return $"NEXT_HOP {a.NextHop} became {b.NextHop}";
        }
        if (CompareBlocks(a.Withdrawn, b.Withdrawn) is { } withdrawn)
        {
            return $"withdrawn routes: {withdrawn}";
        }
        if (CompareBlocks(a.Nlri, b.Nlri) is { } nlri)
        {
            return $"NLRI: {nlri}";
        }
        if ((a.MpReach is null) != (b.MpReach is null))
        {
            return $"MP_REACH_NLRI {(a.MpReach is null ? "appeared" : "vanished")}";
        }
        if (a.MpReach is { } reachA && b.MpReach is { } reachB)
        {
            if (reachA.Family != reachB.Family || reachA.NextHop != reachB.NextHop)
            {
                return $"MP_REACH_NLRI {reachA.Family} via {reachA.NextHop} became {reachB.Family} via {reachB.NextHop}";
            }
            if (CompareBlocks(reachA.Nlri, reachB.Nlri) is { } reach)
            {
                return $"MP_REACH_NLRI: {reach}";
            }
        }
        if ((a.MpUnreach is null) != (b.MpUnreach is null))
        {
            return $"MP_UNREACH_NLRI {(a.MpUnreach is null ? "appeared" : "vanished")}";
        }
        if (a.MpUnreach is { } unreachA && b.MpUnreach is { } unreachB)
        {
            if (unreachA.Family != unreachB.Family)
            {
                return $"MP_UNREACH_NLRI {unreachA.Family} became {unreachB.Family}";
            }
            if (CompareBlocks(unreachA.Withdrawn, unreachB.Withdrawn) is { } unreach)
            {
                return $"MP_UNREACH_NLRI: {unreach}";
            }
        }
        if (a.EndOfRib != b.EndOfRib)
        {
            return $"End-of-RIB {a.EndOfRib} became {b.EndOfRib}";
        }
        // What survived has no new problems: the re-decoded action is at most the original one.
        if (b.Action > a.Action)
        {
            return $"action {a.Action} became {b.Action} ({string.Join("; ", b.Errors)})";
        }
        return null;
    }

    private static string? CompareBlocks(NlriBlock a, NlriBlock b)
    {
        var left = a.ToList();
        var right = b.ToList();
        if (a.Family != b.Family || !left.SequenceEqual(right))
        {
            return $"{a.Family} [{string.Join(", ", left)}] became {b.Family} [{string.Join(", ", right)}]";
        }
        return null;
    }

    private static string? CompareOpens(OpenMessage a, OpenMessage b)
    {
        if (a.Version != b.Version || a.MyAs != b.MyAs || a.HoldTimeSeconds != b.HoldTimeSeconds || a.BgpIdentifier != b.BgpIdentifier)
        {
            return $"header fields (version {a.Version}, AS {a.MyAs}, hold {a.HoldTimeSeconds}, id {a.BgpIdentifier}) became ({b.Version}, {b.MyAs}, {b.HoldTimeSeconds}, {b.BgpIdentifier})";
        }
        if (a.Capabilities.Count != b.Capabilities.Count)
        {
            return $"{a.Capabilities.Count} capabilities became {b.Capabilities.Count}";
        }
        for (int i = 0; i < a.Capabilities.Count; i++)
        {
            var expected = AsEncoded(a.Capabilities[i]);
            if (!expected.Equals(b.Capabilities[i]))
            {
                return $"capability {i}: {expected} became {b.Capabilities[i]}";
            }
        }
        return null;
    }

    /// <summary>
    /// The encoder sends at most 64 octets of host and domain name in the hostname capability (as FRR
    /// does); the decoder accepts up to 255. A longer name comes back cut to 64 octets.
    /// </summary>
    private static Capability AsEncoded(Capability capability)
    {
        if (capability is not FqdnCapability fqdn)
        {
            return capability;
        }
        static string Cut(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return bytes.Length <= 64 ? text : Encoding.UTF8.GetString(bytes, 0, 64);
        }
        return new FqdnCapability(Cut(fqdn.HostName), Cut(fqdn.DomainName));
    }

    private static string? CompareNotifications(NotificationMessage a, NotificationMessage b) =>
        a.Code == b.Code && a.Subcode == b.Subcode && a.Data.AsSpan().SequenceEqual(b.Data)
            ? null
            : $"({(byte)a.Code}, {a.Subcode}, {Convert.ToHexStringLower(a.Data)}) became ({(byte)b.Code}, {b.Subcode}, {Convert.ToHexStringLower(b.Data)})";

    private static string Describe(PathAttributes? a) =>
        a is null
            ? "none"
            : $"{{origin {a.Origin}, as-path [{a.AsPath}], med {a.MultiExitDisc}, local-pref {a.LocalPref}, atomic {a.AtomicAggregate}, " +
              $"aggregator {a.Aggregator}, communities [{string.Join(" ", a.Communities)}], ext [{string.Join(" ", a.ExtendedCommunities)}], " +
              $"large [{string.Join(" ", a.LargeCommunities)}], originator {a.OriginatorId}, clusters [{string.Join(" ", a.ClusterList)}], " +
              $"unknown [{string.Join(" ", a.Unknown.Select(u => $"{u.TypeCode}/0x{(byte)u.Flags:x2}/{Convert.ToHexStringLower(u.Value)}"))}]}}";
}
