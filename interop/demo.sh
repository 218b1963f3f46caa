#!/usr/bin/env bash
# The main job, live: bgpspeaker on a "node" peers eBGP with two FRR "leaves" in network namespaces
# (leaf1 over IPv4, leaf2 over IPv6), announces the node /32, a VIP and an IPv6 /128, learns the
# leaves' default and fabric routes, and both sides show what they exchanged. Everything it creates
# (namespaces bgps-*, a run directory) is removed at the end, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
source interop/lib/netns.sh
[[ $(id -u) -eq 0 ]] || bgps_die "run as root: the demo creates network namespaces"
bash interop/install-deps.sh >/dev/null

bgps_log "building bgpspeaker"
dotnet build src/BgpSpeaker -c Release --nologo -v quiet -clp:NoSummary
BIN=$PWD/src/BgpSpeaker/bin/Release/net10.0/bgpspeaker

bgps_cleanup_leftovers
bgps_init
SPEAKER_PID=
stop_speaker() { [[ -n $SPEAKER_PID ]] && kill -TERM "$SPEAKER_PID" 2>/dev/null && wait "$SPEAKER_PID" 2>/dev/null; SPEAKER_PID=; }
on_exit() {
    local status=$?
    stop_speaker
    if [[ $status -ne 0 && -f $BGPS_RUN_DIR/bgpspeaker.log ]]; then
        bgps_log "demo failed; bgpspeaker log:"; cat "$BGPS_RUN_DIR/bgpspeaker.log" >&2
        for l in leaf1 leaf2; do bgps_log "$l bgpd log (tail):"; tail -5 "$(bgps_inst_dir $l)/bgpd.log" >&2 || true; done
    fi
    bgps_cleanup
}
trap on_exit EXIT

bgps_ns_add node; bgps_ns_add leaf1; bgps_ns_add leaf2
bgps_veth_add node eth1 leaf1 eth0
bgps_veth_add node eth2 leaf2 eth0
bgps_addr node eth1 10.255.1.1/31;      bgps_addr leaf1 eth0 10.255.1.0/31
bgps_addr node eth2 2001:db8:ff:2::1/64; bgps_addr leaf2 eth0 2001:db8:ff:2::2/64
bgps_addr node eth2 fe80::1/64;          bgps_addr leaf2 eth0 fe80::2/64   # FRR wants a link-local next hop too

leaf_conf() { # NAME ASN ROUTER_ID NEIGHBOR FAMILY NETWORKS...
    local name=$1 asn=$2 id=$3 nbr=$4 af=$5; shift 5
    printf 'frr defaults traditional\nhostname %s\n!\nrouter bgp %s\n bgp router-id %s\n bgp log-neighbor-changes\n no bgp ebgp-requires-policy\n no bgp network import-check\n no bgp default ipv4-unicast\n neighbor %s remote-as 65010\n neighbor %s timers 3 9\n neighbor %s timers connect 1\n address-family %s unicast\n  neighbor %s activate\n' \
        "$name" "$asn" "$id" "$nbr" "$nbr" "$nbr" "$af" "$nbr"
    for n in "$@"; do printf '  network %s\n' "$n"; done
    printf ' exit-address-family\nexit\n'
}
bgps_frr_start leaf1 leaf1 "$(leaf_conf leaf1 65001 10.255.255.1 10.255.1.1 ipv4 0.0.0.0/0 10.1.0.0/16)"
bgps_frr_start leaf2 leaf2 "$(leaf_conf leaf2 65002 10.255.255.2 2001:db8:ff:2::1 ipv6 ::/0 2001:db8:1::/48)"

cat >"$BGPS_RUN_DIR/bgpspeaker.yaml" <<'YAML'
asn: 65010
routerId: 10.0.0.10
hostname: node-1
timers: { holdTime: 9, keepalive: 3, connectRetry: 1 }
neighbors:
  - address: 10.255.1.0
    remoteAs: 65001
    description: leaf1
    import: accept                  # the leaf's default route and fabric routes
    export: local-routes            # our networks only: a node is never transit between its leaves
  - address: 2001:db8:ff:2::2
    remoteAs: 65002
    description: leaf2
    import: accept
    export: local-routes
networks:
  - prefix: 10.0.0.10/32            # the node IP
    communities: ["65010:100"]
  - prefix: 192.0.2.100/32          # a LoadBalancer VIP
  - prefix: 2001:db8:100::10/128
YAML
SOCK=$BGPS_RUN_DIR/bgpspeaker.sock
bgps_log "starting bgpspeaker in namespace bgps-node"
ip netns exec bgps-node "$BIN" run --config "$BGPS_RUN_DIR/bgpspeaker.yaml" --socket "$SOCK" >"$BGPS_RUN_DIR/bgpspeaker.log" 2>&1 &
SPEAKER_PID=$!

established() { bgps_vtysh "$1" -c "show bgp $2 unicast summary json" 2>/dev/null | grep -q '"state":"Established"'; }
bgps_wait_until 30 "leaf1 established with bgpspeaker" established leaf1 ipv4
bgps_wait_until 30 "leaf2 established with bgpspeaker" established leaf2 ipv6
has_routes() { [[ $("$BIN" show routes -o json --socket "$SOCK" | grep -c '"peer": "leaf') -ge 4 ]]; }
bgps_wait_until 30 "bgpspeaker received the leaves' routes" has_routes

section() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
section "bgpspeaker: show summary"
"$BIN" show summary --socket "$SOCK"
section "bgpspeaker: show routes (its Loc-RIB: own networks and the leaves' routes)"
"$BIN" show routes --socket "$SOCK"
section "leaf1 (FRR): show bgp ipv4 unicast — the node's routes"
bgps_vtysh leaf1 -c 'show bgp ipv4 unicast'
section "leaf2 (FRR): show bgp ipv6 unicast"
bgps_vtysh leaf2 -c 'show bgp ipv6 unicast'

section "stopping bgpspeaker: it sends Cease with a shutdown communication; leaf1 shows it"
stop_speaker
not_established() { ! established "$@"; }
bgps_wait_until 10 "leaf1 saw the session go down" not_established leaf1 ipv4
bgps_vtysh leaf1 -c 'show bgp neighbors 10.255.1.1' | grep -E 'Last reset' | head -1
logged_notification() { grep -q 'NOTIFICATION' "$(bgps_inst_dir leaf1)/bgpd.log"; }
bgps_wait_until 10 "leaf1 logged the NOTIFICATION" logged_notification   # bgpd writes its log a moment later
grep -h 'NOTIFICATION' "$(bgps_inst_dir leaf1)/bgpd.log" | tail -1
section "bgpspeaker log"
cat "$BGPS_RUN_DIR/bgpspeaker.log"
