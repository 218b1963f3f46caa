#!/usr/bin/env bash
# Fabric convergence benchmark (issue 16, item 7): the unnumbered lab of interop/demo.sh — a node
# between two FRR leaves, link-local addresses only — with the node daemon swapped: bgpspeaker with
# its default fabric config, FRR 8.4 (zebra + bgpd, default settings) and FRR 8.4 tuned for speed
# (8 knobs, listed at node_frr_conf) beside it. Runs rotate between the three; each run builds a fresh
# lab and times four events:
#
#   1. both uplinks up -> both leaves' FRR report their session to the node Established
#   2. both uplinks up -> the node's kernel default route has two next hops
#   3. both uplinks up -> the node /32 is in both leaves' kernels
#   4. up1 down        -> no next hop via up1 left in the node's kernel default route
#
# The uplinks (veth pairs) exist, leaf ends up and node ends down, before the daemons start; the
# clock of events 1-3 starts right before `ip link set up` of both node ends, the clock of event 4
# right before `ip link set up1 down`. Conditions are polled every 10 ms: the leaves' vtysh for the
# sessions, /proc/PID/net/route of an idle process in each leaf namespace, `ip -batch` for the
# node's default route; nothing asks either node daemon anything.
#
#   bash bench/fabric.sh [--runs N] [--dad-run] [--leaf-coalesce-time MS] [--daemon PATH]
#
# --dad-run adds one bgpspeaker run with duplicate address detection on (accept_dad=1) at the end.
# --leaf-coalesce-time MS sets `coalesce-time MS` on both FRR leaves (FRR's default is 1000 ms: a
#   leaf holds its first UPDATEs to a new peer, the default route included, for about a second).
# Needs root. Everything it creates (namespaces bgpb-*, /tmp/bgpb-lab.*) is removed, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../interop/lib/netns.sh
source interop/lib/netns.sh
BGPS_PREFIX=bgpb-   # never collide with the tests' bgpt-* or the demo's bgps-*

runs=10 dad_run=0 daemon= leaf_coalesce=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --dad-run) dad_run=1; shift ;;
        --daemon) daemon=$2; shift 2 ;;
        --leaf-coalesce-time) leaf_coalesce=$2; shift 2 ;;
        *) echo "usage: bash bench/fabric.sh [--runs N] [--dad-run] [--leaf-coalesce-time MS] [--daemon PATH]" >&2; exit 2 ;;
    esac
done
[[ $(id -u) -eq 0 ]] || { echo "bench/fabric.sh needs root (it creates network namespaces)" >&2; exit 2; }
[[ -x $BGPS_FRR_DIR/bgpd ]] || { echo "needs FRR in $BGPS_FRR_DIR (apt-get install frr)" >&2; exit 2; }

if [[ -z $daemon ]]; then
    bgps_log "building bgpspeaker (Release)"
    dotnet build src/BgpSpeaker -c Release --nologo -v quiet -clp:NoSummary >/dev/null
    daemon=$PWD/src/BgpSpeaker/bin/Release/net10.0/bgpspeaker
fi
daemon=$(realpath "$daemon")

# Leftovers of an earlier run killed before its trap ran: only our own bgpb-* names.
for ns in $(ip netns list | awk '{print $1}' | grep '^bgpb-' || true); do bgps_ns_del "$ns"; done
rm -rf /tmp/bgpb-lab.*
BGPS_RUN_DIR=$(mktemp -d /tmp/bgpb-lab.XXXXXX)
bgps_init
SPEAKER_PID= IPB_PID=
declare -A ANCHOR # namespace -> pid of an idle process inside it
ipb_stop() { if [[ -n $IPB_PID ]]; then kill "$IPB_PID" 2>/dev/null || true; wait "$IPB_PID" 2>/dev/null || true; fi; IPB_PID=; }
stop_speaker() {
    if [[ -n $SPEAKER_PID ]]; then kill -TERM "$SPEAKER_PID" 2>/dev/null || true; wait "$SPEAKER_PID" 2>/dev/null || true; fi
    SPEAKER_PID=
}
on_exit() {
    local rc=$? ns
    stop_speaker
    ipb_stop
    for ns in "${!ANCHOR[@]}"; do kill "${ANCHOR[$ns]}" 2>/dev/null || true; done
    bgps_cleanup; exit "$rc"
}
trap on_exit EXIT

NODE=10.0.0.11 VIP=10.0.0.100
DAD=0   # accept_dad in the lab's namespaces (0 as in the README and the demo; 1 for --dad-run)

leaf_conf() { # NAME ASN LOOPBACK: the demo's leaf (plus coalesce-time with --leaf-coalesce-time)
    printf 'frr defaults traditional\nhostname %s\n!\nrouter bgp %s\n bgp router-id %s\n bgp log-neighbor-changes\n%b no bgp ebgp-requires-policy\n no bgp network import-check\n neighbor eth0 interface remote-as external\n neighbor eth0 timers 3 9\n neighbor eth0 timers connect 1\n address-family ipv4 unicast\n  network %s/32\n  neighbor eth0 default-originate\n exit-address-family\n address-family ipv6 unicast\n  neighbor eth0 activate\n exit-address-family\nexit\n' \
        "$1" "$2" "$3" "${leaf_coalesce:+ coalesce-time $leaf_coalesce\n}" "$3"
}
# FRR as the node daemon, FRR's defaults otherwise. Two lines are needed for the events to be
# reachable at all: FRR 8.4 refuses eBGP routes without a policy (ebgp-requires-policy), and it
# only balances over paths from different neighbour ASes with multipath-relax.
# FRR tuned (frr-tuned), the 8 knobs: accept_dad=0 (as for every daemon here), the kernel's own Router
# Solicitation on link-up (accept_ra=2 on the uplinks, so the leaves answer with an RA at once),
# RAs every second from the node (zebra `ipv6 nd ra-interval 1`), `coalesce-time 0`, and per
# neighbour `timers 1 3`, `timers connect 1`, `advertisement-interval 0` and `capability
# extended-nexthop` (already implied by `interface`; listed since the issue counts it).
node_frr_conf() { # [tuned]
    local per='' bgp=''
    if [[ ${1:-} == tuned ]]; then
        bgp=' coalesce-time 0\n'
        for up in up1 up2; do per+=" neighbor $up timers 1 3\n neighbor $up timers connect 1\n neighbor $up advertisement-interval 0\n neighbor $up capability extended-nexthop\n"; done
    fi
    printf 'hostname node\n!\nrouter bgp 4200000011\n bgp router-id %s\n no bgp ebgp-requires-policy\n bgp bestpath as-path multipath-relax\n%b neighbor up1 interface remote-as external\n neighbor up2 interface remote-as external\n%b address-family ipv4 unicast\n  network %s/32\n  network %s/32\n exit-address-family\nexit\n' \
        "$NODE" "$bgp" "$per" "$NODE" "$VIP"
}
node_zebra_conf() { # [tuned]
    [[ ${1:-} == tuned ]] || { echo '! zebra: defaults'; return; }
    printf 'interface up1\n ipv6 nd ra-interval 1\nexit\ninterface up2\n ipv6 nd ra-interval 1\nexit\n'
}
speaker_conf() { # the demo's config with bgpspeaker's default timers
    cat <<YAML
asn: 4200000011
routerId: $NODE
hostname: node-11
fabric:
  interfaces: ["up*"]
  remoteAs: external
  import: accept
  export: local-routes
fib:
  preferredSource: $NODE
networks:
  - prefix: $NODE/32
  - prefix: $VIP/32
YAML
}

now() { local t=$EPOCHREALTIME; echo "${t/./}"; }   # microseconds
secs() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1e6 }'; }

# lab_up DAEMON TAG: fresh namespaces, uplinks (node ends down), leaves, then the node daemon.
lab_up() {
    local d=$1 tag=$2 ns i
    for ns in node leaf1 leaf2; do
        bgps_ns_add "$ns"
        ip netns exec "bgpb-$ns" sysctl -qw net.ipv6.conf.all.accept_dad=$DAD net.ipv6.conf.default.accept_dad=$DAD
        ip netns exec "bgpb-$ns" sleep 100000 &   # the anchor whose /proc/PID/net the checks read
        ANCHOR[$ns]=$!
    done
    for i in 1 2; do
        ip link add "up$i" netns bgpb-node address 02:00:00:00:00:0a type veth peer name eth0 netns "bgpb-leaf$i" address 02:00:00:00:00:01
        ip -n "bgpb-leaf$i" link set eth0 up
    done
    bgps_addr node lo $NODE/32; bgps_addr node lo $VIP/32
    ipb_start
    bgps_addr leaf1 lo 10.255.255.1/32; bgps_addr leaf2 lo 10.255.255.2/32
    bgps_frr_start "$tag-leaf1" leaf1 "$(leaf_conf leaf1 65001 10.255.255.1)"
    bgps_frr_start "$tag-leaf2" leaf2 "$(leaf_conf leaf2 65002 10.255.255.2)"
    if [[ $d == bgpspeaker ]]; then
        speaker_conf >"$BGPS_RUN_DIR/$tag.yaml"
        ip netns exec bgpb-node "$daemon" run --config "$BGPS_RUN_DIR/$tag.yaml" --socket "$BGPS_RUN_DIR/$tag.sock" >"$BGPS_RUN_DIR/$tag.log" 2>&1 &
        SPEAKER_PID=$!
        bgps_wait_file "$BGPS_RUN_DIR/$tag.sock" 30 || bgps_die "bgpspeaker did not start: $(cat "$BGPS_RUN_DIR/$tag.log")"
    elif [[ $d == frr-tuned ]]; then
        for i in 1 2; do ip netns exec bgpb-node sysctl -qw "net.ipv6.conf.up$i.accept_ra=2"; done
        bgps_frr_start "$tag-node" node "$(node_frr_conf tuned)" "$(node_zebra_conf tuned)"
    else
        bgps_frr_start "$tag-node" node "$(node_frr_conf)"
    fi
    sleep 2 # the daemons settle: interfaces seen (down), leaves' sockets listening
}
lab_down() {
    local tag=$1 ns
    stop_speaker
    ipb_stop
    bgps_frr_stop "$tag-leaf1" "$tag-leaf2" "$tag-node"
    for ns in node leaf1 leaf2; do kill "${ANCHOR[$ns]}" 2>/dev/null || true; wait "${ANCHOR[$ns]}" 2>/dev/null || true; done
    for ns in node leaf1 leaf2; do bgps_ns_del "bgpb-$ns"; done
    rm -rf "$BGPS_RUN_DIR/$tag"-*
}

# Cheap checks that never ask the node daemon anything. Sessions: the leaves' FRR (vtysh, BGP state
# Established; a TCP-level count in the node namespace would also count connections the node accepts
# and closes at once, and TCP comes up before OPEN/KEEPALIVE). The leaves' routes: /proc/PID/net/route
# of an idle anchor process in each leaf namespace (bash reads the file, no fork); the node's default route from one `ip -n bgpb-node -batch -` per run that reads commands from a pipe
# (a fresh netlink dump per query, about 0.5 ms; /proc/net/route shows neither IPv6 next hops nor
# their count). Each poll cycle starts 10 ms after the previous one (or at once if the checks took
# longer); the pause forks nothing (a read with a timeout on a FIFO nobody writes to).
mkfifo "$BGPS_RUN_DIR/tick"; exec {TICK}<>"$BGPS_RUN_DIR/tick"
pause_until() { # pause_until MICROSECONDS (an absolute time, as from now)
    local t=$EPOCHREALTIME left frac; left=$(($1 - ${t/./}))
    ((left > 0)) || return 0
    printf -v frac '%06d' "$left"; read -r -t "0.$frac" -u "$TICK" _ || true
}
leaf_established() { # the leaf's FRR says its session to the node is Established (costs the node nothing)
    local o; o=$(vtysh --vty_socket "$BGPS_RUN_DIR/$tag-$1" -c 'show bgp neighbors eth0 json' 2>/dev/null) || return 1
    [[ $o == *'"bgpState":"Established"'* ]]
}
leaf_has_node() { # a route to 10.0.0.11/32 (0B00000A, mask FFFFFFFF) in the leaf's main table
    local l
    while read -r l; do [[ $l == *$'\t0B00000A\t'*$'\tFFFFFFFF\t'* ]] && return 0; done <"/proc/${ANCHOR[$1]}/net/route"
    return 1
}
ipb_start() { coproc IPB { exec stdbuf -oL ip -n bgpb-node -force -batch -; }; }
node_default() { # DEFAULT_ROUTE <- `ip route show default proto $PROTO` in the node ns; "link show dev lo" ends it
    local l
    DEFAULT_ROUTE=
    printf 'route show default proto %s\nlink show dev lo\n' "$PROTO" >&"${IPB[1]}"
    while IFS= read -r -u "${IPB[0]}" l; do
        [[ $l == "1: lo:"* ]] && { IFS= read -r -u "${IPB[0]}" l; return 0; }
        DEFAULT_ROUTE+=$l$'\n'
    done
    bgps_die "the ip -batch reader ended"
}
ecmp_up() { local l n=0; node_default; while IFS= read -r l; do [[ $l == *"nexthop via"* ]] && n=$((n + 1)); done <<<"$DEFAULT_ROUTE"; ((n == 2)); }
up1_gone() { node_default; [[ $DEFAULT_ROUTE != *"dev up1"* && $DEFAULT_ROUTE == *"dev up2"* ]]; } # and up2's still there

declare -A R   # R[daemon,event] = space-separated seconds
declare -A TIMEOUTS # daemon -> runs that did not reach all events within 60 s (reported, left out of the medians)
# one_run DAEMON TAG: prints one line of results; appends to R.
one_run() {
    local d=$1 tag=$2 t0 t e1= e1a= e1b= e2= e3= e3a= e3b= e4= deadline polls=0
    PROTO=$([[ $d == bgpspeaker ]] && echo 201 || echo bgp)
    lab_up "$d" "$tag"
    t0=$(now); deadline=$((t0 + 60000000))
    ip -n bgpb-node link set up1 up; ip -n bgpb-node link set up2 up
    while [[ -z $e1 || -z $e2 || -z $e3 ]]; do
        t=$EPOCHREALTIME; t=${t/./}
        ((t < deadline)) || { bgps_log "$tag: timeout (sessions=${e1:-no} ecmp=${e2:-no} leaves=${e3:-no})"; lab_down "$tag"; return 1; }
        [[ -n $e1a ]] || ! leaf_established leaf1 || e1a=$((t - t0))
        [[ -n $e1b ]] || ! leaf_established leaf2 || e1b=$((t - t0))
        [[ -z $e1a || -z $e1b ]] || e1=$((e1a > e1b ? e1a : e1b))
        [[ -n $e2 ]] || ! ecmp_up || e2=$((t - t0))
        [[ -n $e3a ]] || ! leaf_has_node leaf1 || e3a=$((t - t0))
        [[ -n $e3b ]] || ! leaf_has_node leaf2 || e3b=$((t - t0))
        [[ -z $e3a || -z $e3b ]] || e3=$((e3a > e3b ? e3a : e3b))
        polls=$((polls + 1))
        pause_until $((t + 10000))
    done
    local poll_ms=$(( ($(now) - t0) / polls / 1000 ))
    sleep 2 # steady state before the link-down event
    t0=$(now); deadline=$((t0 + 30000000))
    ip -n bgpb-node link set up1 down
    while :; do
        t=$EPOCHREALTIME; t=${t/./}
        ((t < deadline)) || { bgps_log "$tag: timeout waiting for up1's next hop to go"; lab_down "$tag"; return 1; }
        if up1_gone; then e4=$((t - t0)); break; fi
        pause_until $((t + 10000))
    done
    sleep 1
    local after="kept via up2 1 s later"; up1_gone || after="NOT kept via up2 1 s later: ${DEFAULT_ROUTE:-no default route}"
    lab_down "$tag"
    local key=$d; ((DAD)) && key="$d (DAD on)"
    R[$key,1]+=" $(secs $e1)"; R[$key,2]+=" $(secs $e2)"; R[$key,3]+=" $(secs $e3)"; R[$key,4]+=" $(secs $e4)"
    printf '%-22s established %s s, kernel ECMP %s s, node /32 in both leaves %s s, up1 down -> next hop gone %s s, %s (poll cycle %d ms)\n' \
        "$tag $key" "$(secs $e1)" "$(secs $e2)" "$(secs $e3)" "$(secs $e4)" "$after" "$poll_ms"
}

stats() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }'; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
frr_version=$("$BGPS_FRR_DIR/bgpd" --version | awk 'NR == 1 { print $3 }')
bgps_log "$runs runs per daemon, alternating; accept_dad=$DAD in all lab namespaces; load $load_start"
for r in $(seq 1 "$runs"); do
    case $((r % 3)) in
        1) order="bgpspeaker frr frr-tuned" ;;
        2) order="frr frr-tuned bgpspeaker" ;;
        *) order="frr-tuned bgpspeaker frr" ;;
    esac
    for d in $order; do one_run "$d" "r$r-$d" || TIMEOUTS[$d]=$((${TIMEOUTS[$d]:-0} + 1)); done
done
if ((dad_run)); then DAD=1; one_run bgpspeaker "dad-bgpspeaker"; DAD=0; fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

events=("both uplinks up → both sessions Established" "uplinks up → kernel ECMP default with 2 next hops" "uplinks up → node /32 in both leaves' kernels" "one uplink down → its next hop gone from the kernel")
echo
echo "Medians of $runs runs (min–max), accept_dad=0 on every lab interface; ratio = FRR median / bgpspeaker median (above 1: bgpspeaker faster)."
echo "FRR tuned: the 8 knobs listed in bench/fabric.sh (node_frr_conf)."
echo "FRR $frr_version: zebra + bgpd, default settings. Leaves: interop/demo.sh's FRR leaves, coalesce-time ${leaf_coalesce:-default (1000 ms)}. Load average $load_start at the start, $load_end at the end."
echo
echo "| event | bgpspeaker (default config) | FRR $frr_version default | ratio | FRR $frr_version tuned | ratio |"
echo "|---|---:|---:|---:|---:|---:|"
ratio() { awk -v f="$1" -v b="$2" 'BEGIN { if (b > 0) printf "×%.1f", f / b; else print "—" }'; }
for e in 1 2 3 4; do
    read -r bm bl bh <<<"$(stats <<<"${R[bgpspeaker,$e]}")"
    read -r fm fl fh <<<"$(stats <<<"${R[frr,$e]}")"
    read -r tm tl th <<<"$(stats <<<"${R[frr-tuned,$e]}")"
    echo "| ${events[e-1]} | $bm s ($bl–$bh) | $fm s ($fl–$fh) | $(ratio "$fm" "$bm") | $tm s ($tl–$th) | $(ratio "$tm" "$bm") |"
done
for d in "${!TIMEOUTS[@]}"; do echo "$d: ${TIMEOUTS[$d]} of $runs run(s) timed out (not in the medians)"; done
if ((dad_run)); then
    echo
    echo "bgpspeaker with duplicate address detection on (accept_dad=1 in all lab namespaces), one run:" \
        "${R[bgpspeaker (DAD on),1]# } s / ${R[bgpspeaker (DAD on),2]# } s / ${R[bgpspeaker (DAD on),3]# } s / ${R[bgpspeaker (DAD on),4]# } s"
fi
