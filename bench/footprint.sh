#!/usr/bin/env bash
# What the shipped binary costs (issue 19, item 1): its size, its start-up time to the first OPEN sent,
# and its idle memory on a node with two fabric peers and a load-balancer peer.
#
#   start-up: a listener on 127.0.0.2:179 in a fresh namespace; the clock starts right before the
#     daemon is exec'd (one numbered, active neighbor: 127.0.0.2) and stops when the listener has read
#     a whole OPEN. Median, min and max of --runs runs (default 20).
#   idle RSS: the demo's node between two FRR leaves, unnumbered, plus FRR as the local load-balancer
#     speaker on a veth (a localPeers entry), announcing a /32; VmRSS of the daemon 10 s after all three
#     sessions are Established.
#
#   bash bench/footprint.sh [--runs N] [--daemon PATH]
# Needs root. Everything it creates (namespaces bgpf-*, a run directory) is removed, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../interop/lib/netns.sh
source interop/lib/netns.sh
BGPS_PREFIX=bgpf-
runs=20 daemon=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --daemon) daemon=$2; shift 2 ;;
        *) bgps_die "unknown option $1" ;;
    esac
done
[[ $(id -u) -eq 0 ]] || bgps_die "run as root: the benchmark creates network namespaces"
if [[ -z $daemon ]]; then
    bgps_log "publishing the Native AOT binary"
    dotnet publish src/BgpSpeaker -c Release -o /tmp/bgpspeaker-footprint -v quiet -nologo >/dev/null
    daemon=/tmp/bgpspeaker-footprint/bgpspeaker
fi
daemon=$(realpath "$daemon")
bgps_init
trap bgps_cleanup EXIT

printf '| figure | bgpspeaker | target |\n|---|---:|---:|\n'
printf '| binary size | %.2f MB | < 15 MB |\n' "$(stat -c %s "$daemon" | awk '{ print $1 / 1e6 }')"

# --- start-up to the first OPEN
bgps_ns_add start
ip -n bgpf-start addr add 127.0.0.2/8 dev lo
cat >"$BGPS_RUN_DIR/start.yaml" <<YAML
asn: 65010
routerId: 10.0.0.10
listen: { addresses: [] }
neighbors:
  - address: 127.0.0.2
    remoteAs: 65001
    import: accept
    export: accept
YAML
cat >"$BGPS_RUN_DIR/start.py" <<'PY'
import socket, subprocess, sys, time
daemon, config, sock_path, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
listener = socket.socket(); listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.2", 179)); listener.listen(1)
times = []
for _ in range(runs):
    start = time.perf_counter()
    proc = subprocess.Popen([daemon, "run", "--config", config, "--socket", sock_path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conn, _ = listener.accept()
    data = b""
    while len(data) < 19 or len(data) < int.from_bytes(data[16:18], "big"):
        chunk = conn.recv(4096)
        if not chunk: break
        data += chunk
    elapsed = time.perf_counter() - start
    assert data[18] == 1, "the first message was not an OPEN"
    times.append(elapsed)
    conn.close(); proc.terminate(); proc.wait()
times.sort()
print(f"{times[len(times) // 2] * 1000:.1f} {times[0] * 1000:.1f} {times[-1] * 1000:.1f}")
PY
read -r median low high < <(ip netns exec bgpf-start python3 "$BGPS_RUN_DIR/start.py" "$daemon" "$BGPS_RUN_DIR/start.yaml" "$BGPS_RUN_DIR/start.sock" "$runs")
printf '| start-up to the first OPEN sent (median of %d; min, max) | %s ms (%s, %s) | < 50 ms |\n' "$runs" "$median" "$low" "$high"

# --- idle RSS: two fabric peers and a load-balancer peer
bgps_ns_add node; bgps_ns_add leaf1; bgps_ns_add leaf2; bgps_ns_add lb
for i in 1 2; do
    ip link add "up$i" netns bgpf-node address 02:00:00:00:00:0a type veth peer name eth0 netns "bgpf-leaf$i" address 02:00:00:00:00:01
    ip -n bgpf-node link set "up$i" up; ip -n "bgpf-leaf$i" link set eth0 up
done
ip link add lb0 netns bgpf-node type veth peer name eth0 netns bgpf-lb
ip -n bgpf-node link set lb0 up; ip -n bgpf-lb link set eth0 up
bgps_addr node lb0 169.254.100.2/30; bgps_addr lb eth0 169.254.100.1/30; bgps_addr node lo 10.0.0.11/32
leaf_conf() {
    printf 'frr defaults traditional\nhostname %s\n!\nrouter bgp %s\n bgp router-id %s\n no bgp ebgp-requires-policy\n neighbor eth0 interface remote-as external\n neighbor eth0 timers 3 9\n neighbor eth0 timers connect 1\n address-family ipv4 unicast\n  neighbor eth0 default-originate\n exit-address-family\nexit\n' "$1" "$2" "$3"
}
bgps_frr_start leaf1 leaf1 "$(leaf_conf leaf1 65001 10.255.255.1)"
bgps_frr_start leaf2 leaf2 "$(leaf_conf leaf2 65002 10.255.255.2)"
bgps_frr_start lb lb "$(printf 'frr defaults traditional\nhostname lb\n!\nrouter bgp 64512\n bgp router-id 169.254.100.1\n no bgp ebgp-requires-policy\n no bgp network import-check\n neighbor 169.254.100.2 remote-as external\n neighbor 169.254.100.2 timers 3 9\n neighbor 169.254.100.2 timers connect 1\n address-family ipv4 unicast\n  network 10.96.0.10/32\n exit-address-family\nexit\n')"
cat >"$BGPS_RUN_DIR/node.yaml" <<YAML
asn: 4200000011
routerId: 10.0.0.11
timers: { holdTime: 9, keepalive: 3, connectRetry: 1 }
fabric: { interfaces: ["up*"], remoteAs: external, import: accept, export: local-routes }
fib: { preferredSource: 10.0.0.11 }
metrics: { listen: 127.0.0.1:9179 }
localPeers:
  - { name: metallb, interface: lb0, ranges: ["169.254.100.0/30"], remoteAs: 64512, pools: ["10.96.0.0/12"] }
networks:
  - prefix: 10.0.0.11/32
YAML
ip netns exec bgpf-node "$daemon" run --config "$BGPS_RUN_DIR/node.yaml" --socket "$BGPS_RUN_DIR/node.sock" >"$BGPS_RUN_DIR/node.log" 2>&1 &
pid=$!
established() { [[ $(ip netns exec bgpf-node "$daemon" show summary -o json --socket "$BGPS_RUN_DIR/node.sock" 2>/dev/null | grep -o '"state": *"Established"' | wc -l) -eq 3 ]]; }
bgps_wait_until 60 "the node's three sessions to be Established" established
sleep 10
rss=$(awk '/^VmRSS:/ { print $2 / 1024 }' "/proc/$pid/status")
kill -TERM "$pid"; wait "$pid" || true
printf '| idle RSS, two fabric peers and a load-balancer peer Established | %.1f MB | < 30 MB |\n' "$rss"
