#!/usr/bin/env python3
"""Extract BGP messages from a pcap written by tcpdump and describe them.

Standard library only.  Sub-commands:

  list PCAP                       one line per BGP message found (debugging)
  pick PCAP --src ADDR --kind K   print the Nth message of kind K sent by ADDR
                                  as lowercase hex (exit 3 when absent)
  describe HEXFILE...             one-line decoded description per file

The pcap is parsed directly (classic pcap format, Ethernet / Linux cooked
link types), every TCP connection is reassembled per direction from its
SYN onwards, and each direction's byte stream is split into BGP messages
at the 16-byte 0xff marker + 2-byte length header.
"""

import argparse
import ipaddress
import struct
import sys

MARKER = b"\xff" * 16

MSG_TYPES = {1: "OPEN", 2: "UPDATE", 3: "NOTIFICATION", 4: "KEEPALIVE", 5: "ROUTE-REFRESH"}

CAP_NAMES = {
    1: "multiprotocol",
    2: "route-refresh",
    5: "extended-nexthop",
    6: "extended-message",
    9: "bgp-role",
    64: "graceful-restart",
    65: "4-octet-as",
    67: "dynamic(old)",
    69: "add-path",
    70: "enhanced-route-refresh",
    71: "long-lived-gr",
    73: "fqdn",
    75: "software-version",
    128: "route-refresh(old-cisco)",
}

ATTR_NAMES = {
    1: "ORIGIN",
    2: "AS_PATH",
    3: "NEXT_HOP",
    4: "MULTI_EXIT_DISC",
    5: "LOCAL_PREF",
    6: "ATOMIC_AGGREGATE",
    7: "AGGREGATOR",
    8: "COMMUNITIES",
    9: "ORIGINATOR_ID",
    10: "CLUSTER_LIST",
    14: "MP_REACH_NLRI",
    15: "MP_UNREACH_NLRI",
    16: "EXT_COMMUNITIES",
    17: "AS4_PATH",
    18: "AS4_AGGREGATOR",
    32: "LARGE_COMMUNITY",
    35: "OTC",
}

AFI_NAMES = {1: "ipv4", 2: "ipv6"}
SAFI_NAMES = {1: "unicast", 2: "multicast", 128: "mpls-vpn"}

CEASE_SUBCODES = {
    1: "max-prefixes",
    2: "administrative-shutdown",
    3: "peer-deconfigured",
    4: "administrative-reset",
    5: "connection-rejected",
    6: "other-config-change",
    7: "connection-collision",
    8: "out-of-resources",
    9: "hard-reset",
}


# --------------------------------------------------------------------------
# pcap parsing and TCP reassembly
# --------------------------------------------------------------------------

def read_pcap(path):
    """Yield (timestamp, linktype, frame bytes) from a classic pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic == b"\xd4\xc3\xb2\xa1":
        endian, nanos = "<", False
    elif magic == b"\xa1\xb2\xc3\xd4":
        endian, nanos = ">", False
    elif magic == b"\x4d\x3c\xb2\xa1":
        endian, nanos = "<", True
    elif magic == b"\xa1\xb2\x3c\x4d":
        endian, nanos = ">", True
    else:
        raise SystemExit(f"{path}: not a classic pcap file (pcapng is not supported)")
    linktype = struct.unpack(endian + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    while off + 16 <= len(data):
        sec, frac, caplen, _origlen = struct.unpack(endian + "IIII", data[off:off + 16])
        off += 16
        frame = data[off:off + caplen]
        off += caplen
        yield sec + frac / (1e9 if nanos else 1e6), linktype, frame


def l3_payload(linktype, frame):
    """Return (ethertype, l3 bytes) or None."""
    if linktype == 1:  # Ethernet
        if len(frame) < 14:
            return None
        etype = struct.unpack("!H", frame[12:14])[0]
        off = 14
        while etype in (0x8100, 0x88A8) and len(frame) >= off + 4:  # VLAN tags
            etype = struct.unpack("!H", frame[off + 2:off + 4])[0]
            off += 4
        return etype, frame[off:]
    if linktype == 113:  # Linux cooked v1
        return struct.unpack("!H", frame[14:16])[0], frame[16:]
    if linktype == 276:  # Linux cooked v2
        return struct.unpack("!H", frame[0:2])[0], frame[20:]
    if linktype == 101:  # raw IP
        v = frame[0] >> 4
        return (0x0800 if v == 4 else 0x86DD), frame
    return None


def tcp_segments(path):
    """Yield dicts describing every TCP segment in the capture."""
    for ts, linktype, frame in read_pcap(path):
        l3 = l3_payload(linktype, frame)
        if l3 is None:
            continue
        etype, pkt = l3
        if etype == 0x0800 and len(pkt) >= 20:
            ihl = (pkt[0] & 0x0F) * 4
            total = struct.unpack("!H", pkt[2:4])[0]
            if pkt[9] != 6:
                continue
            src = ipaddress.ip_address(pkt[12:16])
            dst = ipaddress.ip_address(pkt[16:20])
            tcp = pkt[ihl:total]
        elif etype == 0x86DD and len(pkt) >= 40:
            plen = struct.unpack("!H", pkt[4:6])[0]
            if pkt[6] != 6:  # extension headers are not expected on BGP sessions
                continue
            src = ipaddress.ip_address(pkt[8:24])
            dst = ipaddress.ip_address(pkt[24:40])
            tcp = pkt[40:40 + plen]
        else:
            continue
        if len(tcp) < 20:
            continue
        sport, dport, seq, _ack = struct.unpack("!HHII", tcp[:12])
        doff = (tcp[12] >> 4) * 4
        flags = tcp[13]
        yield {
            "ts": ts,
            "src": src,
            "dst": dst,
            "sport": sport,
            "dport": dport,
            "seq": seq,
            "syn": bool(flags & 0x02),
            "ack": bool(flags & 0x10),
            "payload": bytes(tcp[doff:]),
        }


class Direction:
    def __init__(self, conn, src, sport, dst, dport, isn):
        self.conn = conn
        self.src, self.sport, self.dst, self.dport = src, sport, dst, dport
        self.isn = isn
        self.segments = {}  # relative offset -> (ts, bytes)

    def add(self, seq, ts, payload):
        if self.isn is None:  # capture started mid-connection
            self.isn = (seq - 1) & 0xFFFFFFFF
        rel = (seq - self.isn - 1) & 0xFFFFFFFF
        old = self.segments.get(rel)
        if old is None or len(old[1]) < len(payload):
            self.segments[rel] = (ts, payload)

    def stream(self):
        """Return (bytes, list of (offset, ts)) of the contiguous stream."""
        out = bytearray()
        stamps = []
        for rel in sorted(self.segments):
            ts, data = self.segments[rel]
            if rel > len(out):
                sys.stderr.write(
                    f"warning: gap in {self.src}:{self.sport} -> {self.dst}:{self.dport} "
                    f"at offset {len(out)}; later data dropped\n")
                break
            skip = len(out) - rel
            if skip < len(data):
                stamps.append((len(out), ts))
                out += data[skip:]
        return bytes(out), stamps


def reassemble(path):
    """Return list of Direction objects in order of first appearance."""
    current = {}  # (src, sport, dst, dport) -> Direction
    order = []
    next_conn = 0
    for seg in tcp_segments(path):
        key = (seg["src"], seg["sport"], seg["dst"], seg["dport"])
        rkey = (seg["dst"], seg["dport"], seg["src"], seg["sport"])
        d = current.get(key)
        if seg["syn"]:
            if d is not None and d.isn == seg["seq"]:
                continue  # retransmitted SYN
            if seg["ack"] and rkey in current:
                conn = current[rkey].conn  # SYN-ACK answers the pending SYN
            else:
                conn = next_conn
                next_conn += 1
            d = Direction(conn, seg["src"], seg["sport"], seg["dst"], seg["dport"], isn=seg["seq"])
            current[key] = d
            order.append(d)
            continue
        if d is None:  # capture started mid-connection
            if rkey in current:
                conn = current[rkey].conn
            else:
                conn = next_conn
                next_conn += 1
            d = Direction(conn, seg["src"], seg["sport"], seg["dst"], seg["dport"], isn=None)
            current[key] = d
            order.append(d)
        if seg["payload"]:
            d.add(seg["seq"], seg["ts"], seg["payload"])
    return order


# --------------------------------------------------------------------------
# BGP message splitting and decoding
# --------------------------------------------------------------------------

def split_messages(stream):
    msgs = []
    off = 0
    while off + 19 <= len(stream):
        if stream[off:off + 16] != MARKER:
            sys.stderr.write(f"warning: lost BGP framing at stream offset {off}\n")
            break
        length = struct.unpack("!H", stream[off + 16:off + 18])[0]
        if length < 19 or off + length > len(stream):
            break
        msgs.append((off, stream[off:off + length]))
        off += length
    return msgs


def all_messages(path):
    """List of dicts for every BGP message, in capture time order."""
    result = []
    for d in reassemble(path):
        data, stamps = d.stream()
        for off, msg in split_messages(data):
            ts = 0.0
            for soff, sts in stamps:
                if soff <= off:
                    ts = sts
            result.append({
                "conn": d.conn,
                "src": d.src,
                "dst": d.dst,
                "sport": d.sport,
                "dport": d.dport,
                "ts": ts,
                "msg": msg,
            })
    result.sort(key=lambda m: (m["ts"], m["conn"]))
    return result


def fmt_prefix(afi, raw):
    """Decode a list of length-prefixed NLRI (no add-path)."""
    out = []
    i = 0
    size = 4 if afi == 1 else 16
    while i < len(raw):
        plen = raw[i]
        nbytes = (plen + 7) // 8
        addr = raw[i + 1:i + 1 + nbytes] + b"\x00" * (size - nbytes)
        out.append(f"{ipaddress.ip_address(addr)}/{plen}")
        i += 1 + nbytes
    return out


def parse_attrs(raw):
    attrs = []
    i = 0
    while i + 3 <= len(raw):
        flags, code = raw[i], raw[i + 1]
        if flags & 0x10:
            alen = struct.unpack("!H", raw[i + 2:i + 4])[0]
            hdr = 4
        else:
            alen = raw[i + 2]
            hdr = 3
        attrs.append((flags, code, raw[i + hdr:i + hdr + alen]))
        i += hdr + alen
    return attrs


def decode_open(body):
    version, my_as, hold = struct.unpack("!BHH", body[:5])
    bgp_id = ipaddress.ip_address(body[5:9])
    optlen = body[9]
    opts = body[10:10 + optlen]
    caps = []
    nparams = 0
    i = 0
    while i + 2 <= len(opts):
        nparams += 1
        ptype, plen = opts[i], opts[i + 1]
        pval = opts[i + 2:i + 2 + plen]
        i += 2 + plen
        if ptype != 2:
            continue
        j = 0
        while j + 2 <= len(pval):
            code, clen = pval[j], pval[j + 1]
            caps.append((code, pval[j + 2:j + 2 + clen]))
            j += 2 + clen
    return {"version": version, "my_as": my_as, "hold": hold, "id": bgp_id, "caps": caps,
            "optlen": optlen, "nparams": nparams}


def describe_cap(code, val):
    name = CAP_NAMES.get(code, f"cap{code}")
    if code == 1 and len(val) == 4:
        afi, _, safi = struct.unpack("!HBB", val)
        return f"{code}:{name}({AFI_NAMES.get(afi, afi)}/{SAFI_NAMES.get(safi, safi)})"
    if code == 65 and len(val) == 4:
        return f"{code}:{name}({struct.unpack('!I', val)[0]})"
    if code == 5:
        tuples = []
        for k in range(0, len(val) - 5, 6):
            afi, safi, nh = struct.unpack("!HHH", val[k:k + 6])
            tuples.append(f"{AFI_NAMES.get(afi, afi)}/{SAFI_NAMES.get(safi, safi)}->nh-{AFI_NAMES.get(nh, nh)}")
        return f"{code}:{name}({','.join(tuples)})"
    if code == 69:
        tuples = []
        for k in range(0, len(val) - 3, 4):
            afi, safi, sr = struct.unpack("!HBB", val[k:k + 4])
            sr_s = {1: "rx", 2: "tx", 3: "rx+tx"}.get(sr, sr)
            tuples.append(f"{AFI_NAMES.get(afi, afi)}/{SAFI_NAMES.get(safi, safi)}:{sr_s}")
        return f"{code}:{name}({','.join(tuples)})"
    if code == 64 and len(val) >= 2:
        fl = struct.unpack("!H", val[:2])[0]
        afs = []
        for k in range(2, len(val) - 3, 4):
            afi, safi, aff = struct.unpack("!HBB", val[k:k + 4])
            afs.append(f"{AFI_NAMES.get(afi, afi)}/{SAFI_NAMES.get(safi, safi)}:f=0x{aff:02x}")
        return f"{code}:{name}(flags=0x{fl >> 12:x},time={fl & 0xFFF}{',' if afs else ''}{','.join(afs)})"
    if code == 71:
        tuples = []
        for k in range(0, len(val) - 6, 7):
            afi, safi, fl = struct.unpack("!HBB", val[k:k + 4])
            stale = int.from_bytes(val[k + 4:k + 7], "big")
            tuples.append(f"{AFI_NAMES.get(afi, afi)}/{SAFI_NAMES.get(safi, safi)}:f=0x{fl:02x},stale={stale}")
        return f"{code}:{name}({','.join(tuples)})"
    if code == 73 and len(val) >= 1:
        hl = val[0]
        host = val[1:1 + hl].decode(errors="replace")
        dl = val[1 + hl] if len(val) > 1 + hl else 0
        dom = val[2 + hl:2 + hl + dl].decode(errors="replace")
        return f"{code}:{name}(host={host!r},domain={dom!r})"
    if val:
        return f"{code}:{name}({val.hex()})"
    return f"{code}:{name}"


def decode_update(body):
    wlen = struct.unpack("!H", body[:2])[0]
    withdrawn = body[2:2 + wlen]
    alen = struct.unpack("!H", body[2 + wlen:4 + wlen])[0]
    attrs = parse_attrs(body[4 + wlen:4 + wlen + alen])
    nlri = body[4 + wlen + alen:]
    return {"withdrawn": withdrawn, "attrs": attrs, "nlri": nlri}


def mp_reach_info(val):
    afi, safi, nhlen = struct.unpack("!HBB", val[:4])
    nh = val[4:4 + nhlen]
    snpa = val[4 + nhlen]
    nlri = val[5 + nhlen:]
    return afi, safi, nhlen, nh, snpa, nlri


def fmt_nexthop(nh):
    if len(nh) == 4:
        return str(ipaddress.ip_address(nh))
    if len(nh) == 16:
        return str(ipaddress.ip_address(nh))
    if len(nh) == 32:
        return f"{ipaddress.ip_address(nh[:16])}+{ipaddress.ip_address(nh[16:])}"
    return nh.hex()


def describe_attr(flags, code, val):
    return _describe_attr(code, val).replace(":", f":[0x{flags:02x}]", 1)


def _describe_attr(code, val):
    name = ATTR_NAMES.get(code, f"attr{code}")
    if code == 1:
        return f"{code}:{name}={ {0: 'IGP', 1: 'EGP', 2: 'INCOMPLETE'}.get(val[0], val[0]) }"
    if code == 2:
        segs = []
        i = 0
        # FRR sends 4-byte ASNs in AS_PATH once the 4-octet AS capability is agreed.
        while i + 2 <= len(val):
            stype, cnt = val[i], val[i + 1]
            asns = struct.unpack(f"!{cnt}I", val[i + 2:i + 2 + 4 * cnt])
            segs.append(("SEQ" if stype == 2 else "SET") + "[" + " ".join(map(str, asns)) + "]")
            i += 2 + 4 * cnt
        return f"{code}:{name}={' '.join(segs) or 'empty'}"
    if code == 3:
        return f"{code}:{name}={ipaddress.ip_address(val)}"
    if code in (4, 5):
        return f"{code}:{name}={struct.unpack('!I', val)[0]}"
    if code == 8:
        comms = [f"{val[k] << 8 | val[k + 1]}:{val[k + 2] << 8 | val[k + 3]}" for k in range(0, len(val), 4)]
        return f"{code}:{name}={','.join(comms)}"
    if code == 32:
        lcs = [":".join(str(x) for x in struct.unpack("!III", val[k:k + 12])) for k in range(0, len(val), 12)]
        return f"{code}:{name}={','.join(lcs)}"
    if code == 14:
        afi, safi, nhlen, nh, _snpa, nlri = mp_reach_info(val)
        return (f"{code}:{name}(afi={afi},safi={safi},nh_len={nhlen},nh={fmt_nexthop(nh)},"
                f"nlri={','.join(fmt_prefix(afi, nlri))})")
    if code == 15:
        afi, safi = struct.unpack("!HB", val[:3])
        wd = fmt_prefix(afi, val[3:])
        return f"{code}:{name}(afi={afi},safi={safi},withdrawn={','.join(wd) or 'none'})"
    return f"{code}:{name}({val.hex()})"


def classify(msg):
    """Return a set of kind names that this message satisfies."""
    mtype = msg[18]
    body = msg[19:]
    kinds = {MSG_TYPES.get(mtype, f"type{mtype}").lower()}
    if mtype == 2:
        u = decode_update(body)
        codes = {c for _, c, _ in u["attrs"]}
        if not u["withdrawn"] and not u["attrs"] and not u["nlri"]:
            kinds.add("eor-ipv4")
        if u["nlri"]:
            kinds.add("update-ipv4-nlri")
        if u["withdrawn"]:
            kinds.add("update-withdraw-ipv4")
        for _, code, val in u["attrs"]:
            if code == 14:
                afi, safi, *_ = mp_reach_info(val)
                kinds.add(f"update-mpreach-{AFI_NAMES.get(afi, afi)}")
            if code == 15:
                afi, safi = struct.unpack("!HB", val[:3])
                if len(u["attrs"]) == 1 and len(val) == 3:
                    kinds.add(f"eor-{AFI_NAMES.get(afi, afi)}")
                else:
                    kinds.add(f"update-mpunreach-{AFI_NAMES.get(afi, afi)}")
        if 8 in codes:
            kinds.add("has-communities")
        if 32 in codes:
            kinds.add("has-large-communities")
    elif mtype == 3:
        code, sub = body[0], body[1]
        kinds.add(f"notification-{code}-{sub}")
        if code == 6 and sub == 2:
            kinds.add("notification-cease-shutdown")
        if code == 6 and sub == 9:
            kinds.add("notification-cease-hard-reset")
    elif mtype == 5:
        subtype = body[2]
        kinds.add({0: "route-refresh-normal", 1: "route-refresh-borr", 2: "route-refresh-eorr"}.get(
            subtype, f"route-refresh-subtype{subtype}"))
    return kinds


def describe(msg):
    mtype = msg[18]
    body = msg[19:]
    length = len(msg)
    name = MSG_TYPES.get(mtype, f"type{mtype}")
    head = f"{name}, {length} bytes"
    if mtype == 1:
        o = decode_open(body)
        caps = "; ".join(describe_cap(c, v) for c, v in o["caps"])
        codes = ",".join(str(c) for c, _ in o["caps"])
        return (f"{head}: version {o['version']}, my AS {o['my_as']}, hold time {o['hold']}, "
                f"BGP id {o['id']}, {o['optlen']} bytes of optional parameters in {o['nparams']} "
                f"capability parameters, capability codes [{codes}]: {caps}")
    if mtype == 2:
        u = decode_update(body)
        if not u["withdrawn"] and not u["attrs"] and not u["nlri"]:
            return f"{head}: End-of-RIB marker for IPv4 unicast (no withdrawn, no attributes, no NLRI)"
        parts = []
        if u["withdrawn"]:
            parts.append(f"withdrawn routes {','.join(fmt_prefix(1, u['withdrawn']))}")
        codes = ",".join(str(c) for _, c, _ in u["attrs"])
        if u["attrs"]:
            parts.append(f"attribute codes [{codes}]: " + "; ".join(describe_attr(*a) for a in u["attrs"]))
        else:
            parts.append("no path attributes")
        if u["nlri"]:
            parts.append(f"NLRI {','.join(fmt_prefix(1, u['nlri']))}")
        if len(u["attrs"]) == 1 and u["attrs"][0][1] == 15 and len(u["attrs"][0][2]) == 3:
            afi, safi = struct.unpack("!HB", u["attrs"][0][2])
            parts.insert(0, f"End-of-RIB marker for AFI {afi} SAFI {safi}")
        return f"{head}: " + "; ".join(parts)
    if mtype == 3:
        code, sub = body[0], body[1]
        data = body[2:]
        extra = ""
        if code == 6:
            extra = f" ({CEASE_SUBCODES.get(sub, sub)})"
            if sub in (2, 4) and data:
                tlen = data[0]
                extra += f", RFC 9003 shutdown communication length {tlen}: {data[1:1 + tlen].decode(errors='replace')!r}"
            elif sub == 9 and len(data) >= 2:
                # RFC 8538: the data carries the encapsulated error code, subcode and data.
                inner = bytes(16 * [0xFF]) + struct.pack("!HB", 21 + len(data) - 2, 3) + data
                extra += f", RFC 8538 encapsulated notification: {describe(inner).split(': ', 1)[1]}"
        elif data:
            extra = f", data {data.hex()}"
        return f"{head}: error code {code}, subcode {sub}{extra}"
    if mtype == 5:
        afi, subtype, safi = struct.unpack("!HBB", body[:4])
        sub = {0: "normal request (RFC 2918)", 1: "BoRR (RFC 7313)", 2: "EoRR (RFC 7313)"}.get(subtype, subtype)
        return f"{head}: AFI {afi} SAFI {safi}, subtype {subtype} = {sub}"
    if mtype == 4:
        return f"{head}: header only"
    return head


# --------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------

def cmd_list(args):
    for m in all_messages(args.pcap):
        kinds = sorted(classify(m["msg"]))
        print(f"{m['ts']:.6f} conn{m['conn']} {m['src']}:{m['sport']} -> {m['dst']}:{m['dport']} "
              f"[{' '.join(kinds)}] {describe(m['msg'])}")


def cmd_pick(args):
    src = ipaddress.ip_address(args.src) if args.src else None
    found = [m for m in all_messages(args.pcap)
             if (src is None or m["src"] == src) and args.kind in classify(m["msg"])]
    if len(found) <= args.index:
        sys.stderr.write(f"pick: no message of kind {args.kind!r} (index {args.index}) from {args.src}\n")
        return 3
    print(found[args.index]["msg"].hex())
    return 0


def cmd_describe(args):
    for path in args.files:
        with open(path) as f:
            msg = bytes.fromhex(f.read().strip())
        if msg[:16] != MARKER or struct.unpack("!H", msg[16:18])[0] != len(msg):
            print(f"{path}: INVALID (bad marker or length)")
            continue
        print(f"{path}: {describe(msg)}")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("list")
    p.add_argument("pcap")
    p = sub.add_parser("pick")
    p.add_argument("pcap")
    p.add_argument("--src", help="sender IP address")
    p.add_argument("--kind", required=True)
    p.add_argument("--index", type=int, default=0)
    p = sub.add_parser("describe")
    p.add_argument("files", nargs="+")
    args = ap.parse_args()
    return {"list": cmd_list, "pick": cmd_pick, "describe": cmd_describe}[args.cmd](args) or 0


if __name__ == "__main__":
    sys.exit(main())
