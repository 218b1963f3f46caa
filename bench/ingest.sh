#!/usr/bin/env bash
# End-to-end ingest benchmark: a feeder sends 1,000,000 IPv4 prefixes to the receiver, which
# re-advertises them to a sink; then the feeder withdraws them all. Runs bgpspeaker (the native
# binary, as shipped) and, with --bird, BIRD 2 side by side, in one network namespace; --bird3 DIR adds a
# BIRD 3 built into the install prefix DIR (DIR/sbin/bird). --ipv6-prefixes N adds N IPv6 prefixes to the
# table (MP_REACH_NLRI on the same IPv4 sessions, next hop the feeder's IPv6 address on the veth).
#
# With --fib it is the FIB benchmark instead: no sink; the receiver installs every route in its
# namespace's kernel, and the clock stops at the kernel's own route notifications (all 1M in, then
# all gone after the withdraw). Receivers: bgpspeaker, BIRD 2 (kernel protocol), FRR (bgpd + zebra) and, with
# --bird3 DIR, BIRD 3. The FIB benchmark is IPv4 only.
#
#   bash bench/ingest.sh [--bird] [--bird3 DIR] [--fib] [--runs N] [--prefixes N] [--ipv6-prefixes N] [--attribute-sets N] [--daemon PATH]
#
# Needs root (the namespace) and, for --bird / --fib, Debian's bird2 and frr (installed on demand).
set -euo pipefail
cd "$(dirname "$0")/.."

receivers=bgpspeaker
daemon=
bird3=
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --bird) receivers=bgpspeaker,bird; shift ;;
        --bird3) bird3=$(realpath -m "$2"); shift 2 ;; # an install prefix holding sbin/bird (BIRD 3 is not in Debian 12)
        --fib) receivers=bgpspeaker,bird,frr; args+=(--fib); shift ;;
        --daemon) daemon=$2; shift 2 ;; # an already built bgpspeaker binary or bgpspeaker.dll
        *) args+=("$1"); shift ;;
    esac
done
if [[ -n $bird3 ]]; then
    [[ -x $bird3/sbin/bird ]] || { echo "--bird3: no $bird3/sbin/bird" >&2; exit 2; }
    receivers+=,bird3
    args+=(--bird3 "$bird3")
fi

[[ $EUID -eq 0 ]] || { echo "bench/ingest.sh needs root (it creates a network namespace)" >&2; exit 2; }
if [[ ,$receivers, == *,bird,* ]] && ! command -v bird >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bird2 >/dev/null
    systemctl disable --now bird >/dev/null 2>&1 || true # the package starts a system BIRD; only ours runs
fi
if [[ $receivers == *frr* ]] && [[ ! -x /usr/lib/frr/bgpd ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq frr >/dev/null
    systemctl disable --now frr >/dev/null 2>&1 || true
fi

out=/tmp/bgpspeaker-ingest
if [[ -z $daemon ]]; then
    echo "building (Release, native AOT daemon) ..."
    dotnet publish src/BgpSpeaker -c Release -o "$out/publish" -v quiet -nologo >/dev/null
    daemon=$out/publish/bgpspeaker
fi
dotnet build bench/BgpSpeaker.Ingest -c Release -o "$out/bench" -v quiet -nologo >/dev/null

# The receiver alone in one namespace, the feeder and the sink in another, a veth pair between them.
ns=bgps-bench rx=bgps-bench-rx
cleanup() { ip netns del "$ns" 2>/dev/null || true; ip netns del "$rx" 2>/dev/null || true; }
cleanup
trap cleanup EXIT
ip netns add "$ns"
ip netns add "$rx"
ip -n "$ns" link add bench0 type veth peer name bench0 netns "$rx"
ip -n "$rx" addr add 10.77.0.1/24 dev bench0
ip -n "$ns" addr add 10.77.0.2/24 dev bench0
ip -n "$ns" addr add 10.77.0.3/24 dev bench0
# IPv6 next hops for the IPv6 prefixes: the feeder's (it sends it) and the receiver's (the feeder's is then
# directly connected, which BIRD requires, and bgpspeaker has one to re-advertise with); nodad, so both are
# usable at once, not tentative for a second.
ip -n "$rx" addr add 2001:db8:77::1/64 dev bench0 nodad
ip -n "$ns" addr add 2001:db8:77::2/64 dev bench0 nodad
for n in "$ns" "$rx"; do
    ip -n "$n" link set lo up
    ip -n "$n" link set bench0 up
done

ip netns exec "$ns" dotnet "$out/bench/BgpSpeaker.Ingest.dll" --daemon "$(realpath "$daemon")" --receivers "$receivers" "${args[@]}"
