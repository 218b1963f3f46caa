# shellcheck shell=bash
# Helpers for the BgpSpeaker interop lab: network namespaces, veth pairs and
# FRR daemons started by hand inside a namespace.  Source this file; it does
# not change shell options of the caller.
#
# Everything created is named with the "bgps-" prefix:
#   namespaces        bgps-<name>
#   run directories   $BGPS_RUN_DIR (default /tmp/bgps-lab.XXXXXX), one
#                     sub-directory per FRR instance holding its configs,
#                     pid files, vty sockets, zserv socket and logs.
# bgps_cleanup removes what this shell created; bgps_cleanup_leftovers also
# removes bgps-* namespaces and run directories left by an earlier run that
# was killed before its trap could run.
#
# Typical use:
#   source interop/lib/netns.sh
#   bgps_init                      # creates $BGPS_RUN_DIR, installs the trap
#   bgps_ns_add a; bgps_ns_add b
#   bgps_veth_add a eth0 b eth0
#   bgps_addr a eth0 10.255.0.1/30
#   bgps_frr_start r1 a "$conf"    # $conf: bgpd config text
#   bgps_vtysh r1 -c 'show bgp summary json'

BGPS_PREFIX=bgps-
BGPS_FRR_DIR=${BGPS_FRR_DIR:-/usr/lib/frr}
BGPS_RUN_DIR=${BGPS_RUN_DIR:-}
BGPS_NAMESPACES=()
BGPS_BG_PIDS=()

bgps_log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
bgps_die() { bgps_log "ERROR: $*"; exit 1; }

bgps_nsname() { printf '%s%s' "$BGPS_PREFIX" "$1"; }

# bgps_init: create the run directory and install the cleanup trap.
bgps_init() {
    [[ $(id -u) -eq 0 ]] || bgps_die "must run as root (network namespaces, FRR)"
    if [[ -z $BGPS_RUN_DIR ]]; then
        BGPS_RUN_DIR=$(mktemp -d /tmp/bgps-lab.XXXXXX)
    else
        mkdir -p "$BGPS_RUN_DIR"
    fi
    trap 'bgps_cleanup' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# bgps_ns_add NAME: create namespace bgps-NAME with loopback up.  IPv6 DAD is
# switched off inside it so link-local addresses are usable at once.
bgps_ns_add() {
    local ns
    ns=$(bgps_nsname "$1")
    ip netns add "$ns"
    BGPS_NAMESPACES+=("$ns")
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv4.ip_forward=1
}

# bgps_ns_del NAME: kill any process still inside bgps-NAME, then delete it.
bgps_ns_del() {
    local ns=$1 pid
    [[ $ns == "$BGPS_PREFIX"* ]] || ns=$(bgps_nsname "$ns")
    ip netns list | awk '{print $1}' | grep -qx "$ns" || return 0
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for _ in $(seq 1 20); do
        [[ -z $(ip netns pids "$ns" 2>/dev/null) ]] && break
        sleep 0.1
    done
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
        kill -KILL "$pid" 2>/dev/null || true
    done
    ip netns del "$ns" 2>/dev/null || true
}

# bgps_ns_exec NAME CMD...: run CMD inside bgps-NAME.
bgps_ns_exec() {
    local ns
    ns=$(bgps_nsname "$1")
    shift
    ip netns exec "$ns" "$@"
}

# bgps_veth_add NS1 IF1 NS2 IF2 [MAC1 MAC2]: veth pair created directly inside
# the two namespaces (it never appears in the root namespace).  Kernel IPv6
# link-local generation is off (addrgenmode none) so the caller chooses the
# link-local address with bgps_addr, which keeps the captured bytes stable.
bgps_veth_add() {
    local ns1 ns2
    ns1=$(bgps_nsname "$1")
    ns2=$(bgps_nsname "$3")
    ip -n "$ns1" link add "$2" ${5:+address "$5"} type veth peer name "$4" netns "$ns2" ${6:+address "$6"}
    ip -n "$ns1" link set "$2" addrgenmode none
    ip -n "$ns2" link set "$4" addrgenmode none
    ip -n "$ns1" link set "$2" up
    ip -n "$ns2" link set "$4" up
}

# bgps_addr NS IF ADDR/LEN: add an IPv4 or IPv6 address (use fe80::X/64 for
# an explicit link-local address).
bgps_addr() {
    local ns
    ns=$(bgps_nsname "$1")
    ip -n "$ns" addr add "$3" dev "$2" nodad 2>/dev/null || ip -n "$ns" addr add "$3" dev "$2"
}

bgps_inst_dir() { printf '%s/%s' "$BGPS_RUN_DIR" "$1"; }

# bgps_frr_start INSTANCE NS BGPD_CONFIG_TEXT [ZEBRA_CONFIG_TEXT]
# Starts zebra and then bgpd of one FRR instance inside bgps-NS, as root,
# with every path (pid file, vty sockets, zserv socket, config, log) in the
# instance directory so several instances can share the machine.
bgps_frr_start() {
    local inst=$1 ns dir
    ns=$(bgps_nsname "$2")
    dir=$(bgps_inst_dir "$inst")
    mkdir -p "$dir"
    printf '%s\n' "$3" >"$dir/bgpd.conf"
    printf '%s\n' "${4:-! zebra: defaults}" >"$dir/zebra.conf"
    echo "$ns" >"$dir/netns"
    # -u/-g root: run as root instead of dropping to the frr user (the run
    #   directory belongs to root).  -P 0: no TCP vty, only the unix socket
    #   in --vty_socket.  -z: per-instance zserv socket shared by zebra and
    #   bgpd.  -d: daemonize; the pid file (-i) is written by the daemon.
    ip netns exec "$ns" "$BGPS_FRR_DIR/zebra" -d -u root -g frrvty \
        -f "$dir/zebra.conf" -i "$dir/zebra.pid" -z "$dir/zserv.api" \
        --vty_socket "$dir" -P 0 --log "file:$dir/zebra.log" 2>>"$dir/zebra.stderr" \
        || bgps_die "zebra of $inst failed to start: $(cat "$dir/zebra.stderr")"
    bgps_wait_file "$dir/zserv.api" 10 || bgps_die "zebra of $inst: no zserv socket"
    ip netns exec "$ns" "$BGPS_FRR_DIR/bgpd" -d -u root -g frrvty \
        -f "$dir/bgpd.conf" -i "$dir/bgpd.pid" -z "$dir/zserv.api" \
        --vty_socket "$dir" -P 0 --log "file:$dir/bgpd.log" 2>>"$dir/bgpd.stderr" \
        || bgps_die "bgpd of $inst failed to start: $(cat "$dir/bgpd.stderr")"
    bgps_wait_file "$dir/bgpd.vty" 10 || bgps_die "bgpd of $inst: no vty socket"
}

# bgps_wait_file PATH SECONDS: wait until PATH exists.
bgps_wait_file() {
    local end=$((SECONDS + $2))
    while [[ ! -e $1 ]]; do
        ((SECONDS < end)) || return 1
        sleep 0.1
    done
}

# bgps_frr_stop INSTANCE...: stop bgpd and zebra of the instances.  All
# daemons get SIGTERM at once, then up to 5 s to exit before SIGKILL.
bgps_frr_stop() {
    local inst dir d pid pids=() end
    for inst in "$@"; do
        dir=$(bgps_inst_dir "$inst")
        for d in bgpd zebra; do
            [[ -f $dir/$d.pid ]] || continue
            pid=$(<"$dir/$d.pid")
            rm -f "$dir/$d.pid"
            # Only signal a live process that still runs the FRR binary
            # (guards against a recycled pid).
            [[ $pid =~ ^[0-9]+$ && $(readlink "/proc/$pid/exe" 2>/dev/null) == "$BGPS_FRR_DIR/$d" ]] || continue
            kill -TERM "$pid" 2>/dev/null && pids+=("$pid:$d")
        done
    done
    end=$((SECONDS + 5))
    for pid in "${pids[@]}"; do
        while kill -0 "${pid%%:*}" 2>/dev/null && ((SECONDS < end)); do
            sleep 0.1
        done
        kill -KILL "${pid%%:*}" 2>/dev/null || true
        # FRR keeps a per-process crash/log buffer directory here.
        rm -rf "/var/tmp/frr/${pid#*:}.${pid%%:*}"
    done
}

# bgps_vtysh INSTANCE ARGS...: vtysh talking to the instance's daemons,
# e.g. bgps_vtysh r1 -c 'show bgp summary json'.
bgps_vtysh() {
    local dir
    dir=$(bgps_inst_dir "$1")
    shift
    vtysh --vty_socket "$dir" "$@"
}

# bgps_config INSTANCE LINE...: apply configuration lines ("conf t" implied).
bgps_config() {
    local inst=$1 args=(-c 'configure terminal') line
    shift
    for line in "$@"; do args+=(-c "$line"); done
    bgps_vtysh "$inst" "${args[@]}" >/dev/null
}

# bgps_wait_until SECONDS DESCRIPTION CMD...: poll CMD every 0.2 s until it
# succeeds; fail after SECONDS.
bgps_wait_until() {
    local timeout=$1 what=$2 start=$SECONDS
    shift 2
    while ! "$@"; do
        if ((SECONDS - start >= timeout)); then
            bgps_log "timeout after ${timeout}s waiting for: $what"
            return 1
        fi
        sleep 0.2
    done
    bgps_log "ok after $((SECONDS - start))s: $what"
}

# bgps_capture_start NS IFACE PCAP: tcpdump of BGP (tcp port 179) in bgps-NS.
# Prints nothing; the pid is remembered for bgps_capture_stop.
bgps_capture_start() {
    local ns log pid
    ns=$(bgps_nsname "$1")
    log="$3.log"
    # -U: write each packet at once; -Z root: keep writing to the root-owned run
    # directory; -s 0: whole packets.
    ip netns exec "$ns" tcpdump -i "$2" -U -s 0 -Z root -w "$3" 'tcp port 179' 2>"$log" &
    pid=$!
    BGPS_BG_PIDS+=("$pid")
    echo "$pid" >"$3.pid"
    bgps_wait_until 10 "tcpdump listening on $1/$2" grep -q 'listening on' "$log" \
        || bgps_die "tcpdump failed: $(cat "$log")"
}

# bgps_capture_stop PCAP: stop the tcpdump writing PCAP and wait for it.
bgps_capture_stop() {
    local pid
    [[ -f $1.pid ]] || return 0
    pid=$(<"$1.pid")
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$1.pid"
}

# bgps_cleanup: stop everything this shell started and remove its namespaces
# and run directory.  Safe to call more than once.
bgps_cleanup() {
    local rc=$? dir ns pid
    trap - EXIT
    set +e
    if [[ -n $BGPS_RUN_DIR && -d $BGPS_RUN_DIR ]]; then
        local insts=()
        for dir in "$BGPS_RUN_DIR"/*/; do
            [[ -f $dir/netns ]] && insts+=("$(basename "$dir")")
        done
        ((${#insts[@]} == 0)) || bgps_frr_stop "${insts[@]}"
    fi
    for pid in "${BGPS_BG_PIDS[@]}"; do
        kill -INT "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    BGPS_BG_PIDS=()
    for ns in "${BGPS_NAMESPACES[@]}"; do
        bgps_ns_del "$ns"
    done
    BGPS_NAMESPACES=()
    if [[ -n $BGPS_RUN_DIR && -d $BGPS_RUN_DIR && -z ${BGPS_KEEP_RUN_DIR:-} ]]; then
        rm -rf "$BGPS_RUN_DIR"
    fi
    return "$rc"
}

# bgps_cleanup_leftovers: remove bgps-* namespaces (killing the processes
# inside them, which can only be lab processes) and /tmp/bgps-lab.* run
# directories left behind by an earlier run that could not clean up.
bgps_cleanup_leftovers() {
    local ns dir
    for ns in $(ip netns list | awk '{print $1}' | grep "^$BGPS_PREFIX" || true); do
        bgps_log "removing leftover namespace $ns"
        bgps_ns_del "$ns"
    done
    for dir in /tmp/bgps-lab.*; do
        [[ -d $dir && $dir != "$BGPS_RUN_DIR" ]] || continue
        bgps_log "removing leftover run directory $dir"
        rm -rf "$dir"
    done
}
