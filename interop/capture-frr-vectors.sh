#!/usr/bin/env bash
# Captures real BGP messages sent by FRR and stores them as hex test vectors
# in tests/BgpSpeaker.Wire.Tests/Vectors/frr/ (plus a generated README.md).
#
# Two labs, each in its own pair of network namespaces (bgps-*), removed on
# exit even on failure:
#   numbered:   frr-a (AS 65001, 10.255.0.1) <-> frr-b (AS 65002, 10.255.0.2),
#               eBGP over IPv4, IPv4 + IPv6 unicast.
#   unnumbered: frr-c (AS 65101) <-> frr-d (AS 65102), "neighbor eth0
#               interface remote-as external" over a link with only IPv6
#               link-local addresses (RFC 8950 extended next hop).
# tcpdump records tcp port 179 in frr-a's / frr-c's namespace; interop/lib/
# bgp_pcap.py reassembles the TCP streams and picks the messages.
#
# Usage: sudo interop/capture-frr-vectors.sh
#   BGPS_PCAP_DIR=DIR  also copy the pcaps to DIR (never commit them)
#   BGPS_VECTOR_DIR=DIR  write vectors there instead of the default
#   BGPS_TIMEOUT=SECS  deadline for each wait (default 60)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
VECTOR_DIR=${BGPS_VECTOR_DIR:-$REPO/tests/BgpSpeaker.Wire.Tests/Vectors/frr}
TIMEOUT=${BGPS_TIMEOUT:-60}
PY=(python3 "$HERE/lib/bgp_pcap.py")

# shellcheck source=interop/lib/netns.sh
source "$HERE/lib/netns.sh"

for tool in ip tcpdump vtysh python3 "$BGPS_FRR_DIR/bgpd" "$BGPS_FRR_DIR/zebra"; do
    command -v "$tool" >/dev/null 2>&1 || bgps_die "missing $tool: run interop/install-deps.sh"
done

bgps_cleanup_leftovers
bgps_init
OUT=$BGPS_RUN_DIR/vectors
mkdir -p "$OUT"
START=$SECONDS

# ---------------------------------------------------------------- helpers

# established INSTANCE PEER: true when PEER is Established in any AFI/SAFI.
established() {
    bgps_vtysh "$1" -c 'show bgp summary json' 2>/dev/null | python3 -c '
import json, sys
peer = sys.argv[1]
try:
    data = json.load(sys.stdin)
except ValueError:
    sys.exit(1)
ok = any(isinstance(af, dict) and af.get("peers", {}).get(peer, {}).get("state") == "Established"
         for af in data.values())
sys.exit(0 if ok else 1)' "$2"
}

# not_established INSTANCE PEER
not_established() { ! established "$@"; }

# has_msg PCAP SRC KIND: the capture already holds such a message.
has_msg() { "${PY[@]}" pick "$1" --src "$2" --kind "$3" >/dev/null 2>&1; }

wait_msg() {
    bgps_wait_until "$TIMEOUT" "$3 from $2" has_msg "$@"
}

# save PCAP SRC KIND FILE: store the first matching message as FILE.hex.
save() {
    "${PY[@]}" pick "$1" --src "$2" --kind "$3" >"$OUT/$4.hex" \
        || bgps_die "no $3 message from $2 in $(basename "$1")"
    bgps_log "saved $4.hex ($3 from $2)"
}

# ---------------------------------------------------------------- lab 1: numbered

CONF_A='frr defaults traditional
hostname frr-a
!
route-map SET-COMMUNITIES permit 10
 set community 65001:100 65001:200
 set large-community 65001:1:1 65001:2:2
 set metric 100
exit
!
router bgp 65001
 bgp router-id 10.255.0.1
 no bgp ebgp-requires-policy
 no bgp network import-check
 no bgp default ipv4-unicast
 neighbor 10.255.0.2 remote-as 65002
 neighbor 10.255.0.2 timers connect 1
 !
 address-family ipv4 unicast
  network 192.0.2.0/24
  network 198.51.100.0/24
  network 203.0.113.1/32
  neighbor 10.255.0.2 activate
  neighbor 10.255.0.2 route-map SET-COMMUNITIES out
 exit-address-family
 !
 address-family ipv6 unicast
  network 2001:db8:1::/48
  neighbor 10.255.0.2 activate
 exit-address-family
exit'

CONF_B='frr defaults traditional
hostname frr-b
!
router bgp 65002
 bgp router-id 10.255.0.2
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 neighbor 10.255.0.1 remote-as 65001
 neighbor 10.255.0.1 passive
 !
 address-family ipv4 unicast
  neighbor 10.255.0.1 activate
 exit-address-family
 !
 address-family ipv6 unicast
  neighbor 10.255.0.1 activate
 exit-address-family
exit'

bgps_log "lab 1: numbered eBGP frr-a (AS 65001) <-> frr-b (AS 65002)"
bgps_ns_add num-a
bgps_ns_add num-b
bgps_veth_add num-a eth0 num-b eth0 02:00:00:00:00:01 02:00:00:00:00:02
bgps_addr num-a eth0 10.255.0.1/30
bgps_addr num-b eth0 10.255.0.2/30
bgps_addr num-a eth0 2001:db8:ffff::1/64
bgps_addr num-b eth0 2001:db8:ffff::2/64
bgps_addr num-a eth0 fe80::1/64
bgps_addr num-b eth0 fe80::2/64

P1=$BGPS_RUN_DIR/numbered.pcap
bgps_capture_start num-a eth0 "$P1"
bgps_frr_start frr-b num-b "$CONF_B"
bgps_frr_start frr-a num-a "$CONF_A"

A=10.255.0.1
B=10.255.0.2
bgps_wait_until "$TIMEOUT" "frr-a: 10.255.0.2 Established" established frr-a "$B"
wait_msg "$P1" "$A" update-ipv4-nlri
wait_msg "$P1" "$A" update-mpreach-ipv6
wait_msg "$P1" "$A" eor-ipv4
wait_msg "$P1" "$A" eor-ipv6

bgps_log "frr-a: clear bgp ipv4 unicast $B soft in"
bgps_vtysh frr-a -c "clear bgp ipv4 unicast $B soft in" >/dev/null
wait_msg "$P1" "$A" route-refresh-normal
HAVE_ERR=1
bgps_wait_until 10 "BoRR/EoRR from frr-b" has_msg "$P1" "$B" route-refresh-eorr || HAVE_ERR=0

bgps_log "frr-a: no network 203.0.113.1/32"
bgps_config frr-a 'router bgp 65001' 'address-family ipv4 unicast' 'no network 203.0.113.1/32'
wait_msg "$P1" "$A" update-withdraw-ipv4

bgps_log "frr-a: no network 2001:db8:1::/48"
bgps_config frr-a 'router bgp 65001' 'address-family ipv6 unicast' 'no network 2001:db8:1::/48'
wait_msg "$P1" "$A" update-mpunreach-ipv6

# With the graceful restart N bit negotiated (FRR's default "bgp graceful-restart
# notification"), FRR wraps the administrative shutdown in a Cease/Hard Reset
# (RFC 8538).  Capture that, then turn the N bit off, bring the session back
# and shut it down again to get the plain Cease/Administrative Shutdown.
bgps_log "frr-a: neighbor $B shutdown message maintenance window (N bit on)"
bgps_config frr-a 'router bgp 65001' "neighbor $B shutdown message maintenance window"
wait_msg "$P1" "$A" notification-cease-hard-reset
bgps_wait_until "$TIMEOUT" "frr-b: session down" not_established frr-b "$A"

bgps_log "frr-a: no bgp graceful-restart notification; no neighbor $B shutdown"
bgps_config frr-a 'router bgp 65001' 'no bgp graceful-restart notification' "no neighbor $B shutdown"
bgps_wait_until "$TIMEOUT" "frr-a: 10.255.0.2 Established again" established frr-a "$B"

bgps_log "frr-a: neighbor $B shutdown message maintenance window (N bit off)"
bgps_config frr-a 'router bgp 65001' "neighbor $B shutdown message maintenance window"
wait_msg "$P1" "$A" notification-cease-shutdown
bgps_wait_until "$TIMEOUT" "frr-b: session down" not_established frr-b "$A"

bgps_capture_stop "$P1"
bgps_frr_stop frr-a frr-b
FRR_VERSION=$("$BGPS_FRR_DIR/bgpd" -v | head -1)

save "$P1" "$A" open open-numbered-ipv4
save "$P1" "$B" open open-numbered-ipv4-frr-b
save "$P1" "$A" keepalive keepalive
save "$P1" "$A" update-ipv4-nlri update-ipv4-communities
save "$P1" "$A" update-mpreach-ipv6 update-ipv6-mpreach
save "$P1" "$A" eor-ipv4 update-eor-ipv4
save "$P1" "$A" eor-ipv6 update-eor-ipv6
save "$P1" "$A" route-refresh-normal route-refresh
if ((HAVE_ERR)); then
    save "$P1" "$B" route-refresh-borr route-refresh-borr
    save "$P1" "$B" route-refresh-eorr route-refresh-eorr
fi
save "$P1" "$A" update-withdraw-ipv4 update-withdraw-ipv4
save "$P1" "$A" update-mpunreach-ipv6 update-withdraw-ipv6
save "$P1" "$A" notification-cease-hard-reset notification-cease-hard-reset
save "$P1" "$A" notification-cease-shutdown notification-cease-shutdown

# ---------------------------------------------------------------- lab 2: unnumbered

CONF_C='frr defaults traditional
hostname frr-c
!
router bgp 65101
 bgp router-id 10.255.1.1
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor eth0 interface remote-as external
 neighbor eth0 timers connect 1
 !
 address-family ipv4 unicast
  network 198.18.0.0/24
 exit-address-family
 !
 address-family ipv6 unicast
  network 2001:db8:2::/48
  neighbor eth0 activate
 exit-address-family
exit'

CONF_D='frr defaults traditional
hostname frr-d
!
router bgp 65102
 bgp router-id 10.255.1.2
 no bgp ebgp-requires-policy
 neighbor eth0 interface remote-as external
 neighbor eth0 passive
 !
 address-family ipv6 unicast
  neighbor eth0 activate
 exit-address-family
exit'

bgps_log "lab 2: unnumbered eBGP frr-c (AS 65101) <-> frr-d (AS 65102), link-local only"
bgps_ns_add unn-c
bgps_ns_add unn-d
bgps_veth_add unn-c eth0 unn-d eth0 02:00:00:00:01:01 02:00:00:00:01:02
bgps_addr unn-c eth0 fe80::1/64
bgps_addr unn-d eth0 fe80::2/64

P2=$BGPS_RUN_DIR/unnumbered.pcap
bgps_capture_start unn-c eth0 "$P2"
bgps_frr_start frr-d unn-d "$CONF_D"
bgps_frr_start frr-c unn-c "$CONF_C"

C=fe80::1
bgps_wait_until "$TIMEOUT" "frr-c: eth0 Established" established frr-c eth0
wait_msg "$P2" "$C" update-mpreach-ipv4
wait_msg "$P2" "$C" update-mpreach-ipv6
wait_msg "$P2" "$C" eor-ipv4

bgps_capture_stop "$P2"
bgps_frr_stop frr-c frr-d

save "$P2" "$C" open open-unnumbered
save "$P2" "$C" update-mpreach-ipv4 update-ipv4-ll-nexthop
save "$P2" "$C" update-mpreach-ipv6 update-ipv6-ll-nexthop

if [[ -n ${BGPS_PCAP_DIR:-} ]]; then
    mkdir -p "$BGPS_PCAP_DIR"
    cp "$P1" "$P2" "$BGPS_PCAP_DIR/"
    "${PY[@]}" list "$P1" >"$BGPS_PCAP_DIR/numbered.txt"
    "${PY[@]}" list "$P2" >"$BGPS_PCAP_DIR/unnumbered.txt"
fi

# ---------------------------------------------------------------- README

describe() { "${PY[@]}" describe "$OUT/$1.hex" | sed 's/^[^:]*: //'; }

{
    cat <<EOF
# FRR test vectors

Real BGP messages sent by FRR, captured by \`interop/capture-frr-vectors.sh\`
(generated file: re-run the script to refresh the vectors and this README).
Each \`.hex\` file holds exactly one BGP message (marker, length, type, body)
as lowercase hex on a single line ending in a newline.

- FRR: $FRR_VERSION (Debian package \`frr\` $(dpkg-query -W -f='${Version}' frr 2>/dev/null || echo unknown)),
  zebra + bgpd started by hand in network namespaces, \`frr defaults traditional\`.
- Capture: \`tcpdump -i eth0 -w FILE 'tcp port 179'\` in the sender's namespace;
  TCP streams reassembled and split at the 16-byte 0xff marker by
  \`interop/lib/bgp_pcap.py\`. The pcaps are not kept.
- Decoding below is \`interop/lib/bgp_pcap.py describe\` (attribute flags in
  brackets); \`interop/dissect-vectors.sh FILE.hex...\` shows tshark's full
  dissection of any vector and fails if tshark finds one malformed.
- Addresses and MACs are fixed (explicit fe80::1/fe80::2 link-local addresses,
  \`addrgenmode none\`), so a re-run yields byte-identical vectors.

Wire details seen with this FRR version, worth a test each:
- OPEN: every capability sits in its own optional parameter (type 2); FRR
  sends both route refresh codes 2 and 128 (old Cisco), extended message 6,
  add-path 69 (receive only), FQDN 73 with an empty domain name, graceful
  restart 64 with the R and N bits set, restart time 120 and no AFI/SAFI
  entries (helper only), and long-lived graceful restart 71 (stale time 0).
- UPDATE: AS_PATH always has the Extended Length flag (0x50) even when short,
  and 4-octet ASNs; MP_REACH_NLRI is 0x90; MP_UNREACH_NLRI is 0x90 in a
  withdraw but 0x80 in the IPv6 End-of-RIB. Routes from \`network\` statements
  carry MULTI_EXIT_DISC 0 unless a route-map sets it. The IPv4 NLRI order is
  FRR's internal order, not the configuration order.
- IPv6 next hops are 32 bytes (global + link-local). On the unnumbered link,
  which has no global address, both halves hold the link-local address
  (fe80::1 + fe80::1), for IPv4 (RFC 8950) as for IPv6.
- With the graceful restart N bit negotiated (the default), an administrative
  shutdown is sent as Cease/Hard Reset (RFC 8538) wrapping Cease/Administrative
  Shutdown; without it as plain Cease/Administrative Shutdown.

## Lab 1: numbered eBGP over IPv4 (with IPv4 + IPv6 unicast)

frr-a (AS 65001, router-id 10.255.0.1) on 10.255.0.1/30, 2001:db8:ffff::1/64,
fe80::1 <-> frr-b (AS 65002, router-id 10.255.0.2, \`passive\`) on 10.255.0.2/30,
2001:db8:ffff::2/64, fe80::2. frr-a: \`neighbor 10.255.0.2 remote-as 65002\`,
activated for ipv4 and ipv6 unicast, \`network 192.0.2.0/24\`,
\`network 198.51.100.0/24\`, \`network 203.0.113.1/32\` (ipv4, out route-map
\`set community 65001:100 65001:200\`, \`set large-community 65001:1:1 65001:2:2\`,
\`set metric 100\`) and \`network 2001:db8:1::/48\` (ipv6, no route-map);
\`no bgp ebgp-requires-policy\`, \`no bgp network import-check\`. All from frr-a
unless noted.

| file | how produced | contents |
| --- | --- | --- |
| \`open-numbered-ipv4.hex\` | session start | $(describe open-numbered-ipv4) |
| \`open-numbered-ipv4-frr-b.hex\` | session start, sent by frr-b | $(describe open-numbered-ipv4-frr-b) |
| \`keepalive.hex\` | session start | $(describe keepalive) |
| \`update-ipv4-communities.hex\` | initial advertisement | $(describe update-ipv4-communities) |
| \`update-ipv6-mpreach.hex\` | initial advertisement | $(describe update-ipv6-mpreach) |
| \`update-eor-ipv4.hex\` | after the initial IPv4 updates | $(describe update-eor-ipv4) |
| \`update-eor-ipv6.hex\` | after the initial IPv6 updates | $(describe update-eor-ipv6) |
| \`route-refresh.hex\` | \`clear bgp ipv4 unicast 10.255.0.2 soft in\` on frr-a | $(describe route-refresh) |
EOF
    if ((HAVE_ERR)); then
        cat <<EOF
| \`route-refresh-borr.hex\` | frr-b's answer to that request (enhanced route refresh) | $(describe route-refresh-borr) |
| \`route-refresh-eorr.hex\` | frr-b's answer to that request (enhanced route refresh) | $(describe route-refresh-eorr) |
EOF
    fi
    cat <<EOF
| \`update-withdraw-ipv4.hex\` | \`no network 203.0.113.1/32\` on frr-a | $(describe update-withdraw-ipv4) |
| \`update-withdraw-ipv6.hex\` | \`no network 2001:db8:1::/48\` on frr-a | $(describe update-withdraw-ipv6) |
| \`notification-cease-hard-reset.hex\` | \`neighbor 10.255.0.2 shutdown message maintenance window\` on frr-a while the graceful restart N bit (FRR default) is negotiated | $(describe notification-cease-hard-reset) |
| \`notification-cease-shutdown.hex\` | the same after \`no bgp graceful-restart notification\`, \`no neighbor 10.255.0.2 shutdown\` and a new session | $(describe notification-cease-shutdown) |

## Lab 2: unnumbered eBGP over IPv6 link-local only (RFC 8950)

frr-c (AS 65101, router-id 10.255.1.1) and frr-d (AS 65102, router-id 10.255.1.2,
\`passive\`) joined by a veth whose only addresses are fe80::1/64 (frr-c) and
fe80::2/64 (frr-d). Both use \`neighbor eth0 interface remote-as external\`
(extended next hop capability is automatic on interface peers), ipv6 unicast
activated; frr-c announces \`network 198.18.0.0/24\` (ipv4) and
\`network 2001:db8:2::/48\` (ipv6). All from frr-c.

| file | how produced | contents |
| --- | --- | --- |
| \`open-unnumbered.hex\` | session start | $(describe open-unnumbered) |
| \`update-ipv4-ll-nexthop.hex\` | initial advertisement | $(describe update-ipv4-ll-nexthop) |
| \`update-ipv6-ll-nexthop.hex\` | initial advertisement | $(describe update-ipv6-ll-nexthop) |
EOF
} >"$OUT/README.md"

mkdir -p "$VECTOR_DIR"
rm -f "$VECTOR_DIR"/*.hex
cp "$OUT"/*.hex "$OUT/README.md" "$VECTOR_DIR/"
hexfiles=("$OUT"/*.hex)
bgps_log "wrote ${#hexfiles[@]} vectors to $VECTOR_DIR in $((SECONDS - START))s"
