#!/usr/bin/env bash
# End-to-end ingest benchmark: a feeder sends 1,000,000 IPv4 prefixes to the receiver, which
# re-advertises them to a sink; then the feeder withdraws them all. Runs bgpspeaker (the native
# binary, as shipped) and, with --bird, BIRD 2 side by side, in one network namespace.
#
# With --fib it is the FIB benchmark instead: no sink; the receiver installs every route in its
# namespace's kernel, and the clock stops at the kernel's own route notifications (all 1M in, then
# all gone after the withdraw). Receivers: bgpspeaker, BIRD 2 (kernel protocol) and FRR (bgpd + zebra).
#
#   bash bench/ingest.sh [--bird] [--fib] [--runs N] [--prefixes N] [--attribute-sets N] [--daemon PATH]
#
# Needs root (the namespace) and, for --bird / --fib, Debian's bird2 and frr (installed on demand).
set -euo pipefail
cd "$(dirname "$0")/.."

receivers=bgpspeaker
daemon=
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --bird) receivers=bgpspeaker,bird; shift ;;
        --fib) receivers=bgpspeaker,bird,frr; args+=(--fib); shift ;;
        --daemon) daemon=$2; shift 2 ;; # an already built bgpspeaker binary or bgpspeaker.dll
        *) args+=("$1"); shift ;;
    esac
done

[[ $EUID -eq 0 ]] || { echo "bench/ingest.sh needs root (it creates a network namespace)" >&2; exit 2; }
if [[ $receivers == *bird* ]] && ! command -v bird >/dev/null; then
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
for n in "$ns" "$rx"; do
    ip -n "$n" link set lo up
    ip -n "$n" link set bench0 up
done

ip netns exec "$ns" dotnet "$out/bench/BgpSpeaker.Ingest.dll" --daemon "$(realpath "$daemon")" --receivers "$receivers" "${args[@]}"
