#!/usr/bin/env bash
# The main job, live: a Kubernetes node running bgpspeaker between two FRR leaves, unnumbered. The
# uplinks carry only IPv6 link-local addresses (the same one on both node ports, the same one on both
# leaves); bgpspeaker learns each leaf from its Router Advertisements, peers with it, announces
# the node /32 and the API VIP, and installs the leaves' default route in the node's kernel as ECMP via
# both link-local next hops. Then traffic goes through, one uplink goes down and comes back.
# Everything it creates (namespaces bgps-*, a run directory) is removed at the end, also on failure.
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

NODE=10.0.0.11 VIP=10.0.0.100
bgps_ns_add node; bgps_ns_add leaf1; bgps_ns_add leaf2
# Link-locals generated from the MACs (EUI-64), as on a real node, with duplicate address detection:
# fe80::ff:fe00:a on both node uplinks, fe80::ff:fe00:1 on both leaves.
for i in 1 2; do
    ip link add "up$i" netns bgps-node address 02:00:00:00:00:0a type veth peer name eth0 netns "bgps-leaf$i" address 02:00:00:00:00:01
    ip -n bgps-node link set "up$i" up; ip -n "bgps-leaf$i" link set eth0 up
done
bgps_addr node lo $NODE/32; bgps_addr node lo $VIP/32
bgps_addr leaf1 lo 10.255.255.1/32; bgps_addr leaf2 lo 10.255.255.2/32

leaf_conf() { # NAME ASN LOOPBACK: an FRR leaf with an unnumbered interface neighbor, sending a default route
    printf 'frr defaults traditional\nhostname %s\n!\nrouter bgp %s\n bgp router-id %s\n bgp log-neighbor-changes\n no bgp ebgp-requires-policy\n no bgp network import-check\n neighbor eth0 interface remote-as external\n neighbor eth0 timers 3 9\n neighbor eth0 timers connect 1\n address-family ipv4 unicast\n  network %s/32\n  neighbor eth0 default-originate\n exit-address-family\n address-family ipv6 unicast\n  neighbor eth0 activate\n exit-address-family\nexit\n' \
        "$1" "$2" "$3" "$3"
}
bgps_frr_start leaf1 leaf1 "$(leaf_conf leaf1 65001 10.255.255.1)"
bgps_frr_start leaf2 leaf2 "$(leaf_conf leaf2 65002 10.255.255.2)"

cat >"$BGPS_RUN_DIR/bgpspeaker.yaml" <<YAML
asn: 4200000011
routerId: $NODE
hostname: node-11
timers: { holdTime: 9, keepalive: 3, connectRetry: 1 }
fabric:
  interfaces: ["up*"]               # names or patterns; each leaf is learned from its Router Advertisements
  remoteAs: external
  import: accept                    # the leaves' default route
  export: local-routes              # our networks only: a node is never transit between its leaves
fib:
  preferredSource: $NODE            # traffic from this node leaves with the node IP
networks:
  - prefix: $NODE/32                # the node IP
  - prefix: $VIP/32                 # the Kubernetes API VIP
YAML
SOCK=$BGPS_RUN_DIR/bgpspeaker.sock
bgps_log "starting bgpspeaker in namespace bgps-node"
ip netns exec bgps-node "$BIN" run --config "$BGPS_RUN_DIR/bgpspeaker.yaml" --socket "$SOCK" >"$BGPS_RUN_DIR/bgpspeaker.log" 2>&1 &
SPEAKER_PID=$!

ecmp_hops() { ip -n bgps-node route show default proto 201 2>/dev/null | grep -c 'nexthop via inet6' || true; }
two_hops() { [[ $(ecmp_hops) -eq 2 ]]; }
one_hop() { ip -n bgps-node route show default proto 201 | grep -q 'dev up2' && ! ip -n bgps-node route show default proto 201 | grep -q 'dev up1'; }
leaf_has_node() { bgps_vtysh "$1" -c 'show bgp ipv4 unicast json' 2>/dev/null | grep -q "\"$NODE/32\""; }
bgps_wait_until 30 "the node's kernel to hold the default route via both leaves" two_hops
bgps_wait_until 15 "leaf1 to learn the node /32" leaf_has_node leaf1
bgps_wait_until 15 "leaf2 to learn the node /32" leaf_has_node leaf2

section() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
section "bgpspeaker: show summary (one session per uplink, peers learned from Router Advertisements)"
"$BIN" show summary --socket "$SOCK"
section "bgpspeaker: show routes"
"$BIN" show routes --socket "$SOCK"
section "the node's kernel: ECMP via both leaves' link-local addresses, source = the node IP"
ip -n bgps-node route show proto 201
section "bgpspeaker: show fib (what it installed, checked against the kernel)"
"$BIN" show fib --socket "$SOCK"
section "bgpspeaker: show neighbors up1 (the leaf learned from its Router Advertisements)"
"$BIN" show neighbors up1 --socket "$SOCK" | sed -n 1,6p
section "leaf1 (FRR): the node /32 and the VIP, learned over eth0"
bgps_vtysh leaf1 -c 'show bgp ipv4 unicast'
section "ping: node $NODE -> leaf loopbacks, and leaf1 -> the VIP"
ip netns exec bgps-node ping -c 1 -W 2 -I $NODE 10.255.255.1 | sed -n 2p
ip netns exec bgps-node ping -c 1 -W 2 -I $NODE 10.255.255.2 | sed -n 2p
ip netns exec bgps-leaf1 ping -c 1 -W 2 -I 10.255.255.1 $VIP | sed -n 2p

section "uplink up1 goes down: its next hop leaves the kernel at once, traffic flows via leaf2"
ip -n bgps-node link set up1 down
bgps_wait_until 5 "up1's next hop to leave the default route" one_hop
ip -n bgps-node route show default proto 201
ip netns exec bgps-node ping -c 1 -W 2 -I $NODE 10.255.255.2 | sed -n 2p
section "up1 comes back: the leaf is learned again, both next hops return"
ip -n bgps-node link set up1 up
bgps_wait_until 30 "both next hops back" two_hops
ip -n bgps-node route show default proto 201

section "stopping bgpspeaker: Cease to both leaves, its routes leave the kernel"
stop_speaker
ip -n bgps-node route show proto 201 | grep -q . && bgps_die "routes left in the kernel after stop" || echo "no bgpspeaker routes left in the node's kernel"
section "bgpspeaker log"
cat "$BGPS_RUN_DIR/bgpspeaker.log"
