#!/usr/bin/env bash
# Dissects hex test vectors with tshark: wraps each one-message .hex file in a
# synthetic TCP segment (port 179) with text2pcap and prints tshark's verbose
# BGP decoding.  Fails when tshark flags a message as malformed.
# Usage: interop/dissect-vectors.sh [-q] FILE.hex...   (-q: only the summary line)
set -euo pipefail
quiet=0
if [[ ${1:-} == -q ]]; then quiet=1; shift; fi
[[ $# -gt 0 ]] || { echo "usage: $0 [-q] FILE.hex..." >&2; exit 2; }
if ! command -v tshark >/dev/null || ! command -v text2pcap >/dev/null; then
    echo "tshark/text2pcap missing: run interop/install-deps.sh" >&2
    exit 1
fi
tmp=$(mktemp -d /tmp/bgps-dissect.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
bad=0
for f in "$@"; do
    # text2pcap input: offset + hex bytes, 16 per line.
    tr -d ' \n' <"$f" | fold -w 32 | awk '{ printf "%06x", (NR-1)*16; for (i = 1; i <= length($0); i += 2) printf " %s", substr($0, i, 2); print "" }' >"$tmp/in.txt"
    text2pcap -q -T 40179,179 "$tmp/in.txt" "$tmp/out.pcap" 2>/dev/null
    out=$(tshark -r "$tmp/out.pcap" -V -O bgp -Y bgp 2>/dev/null | sed -n '/^Border Gateway Protocol/,$p')
    summary=$(tshark -r "$tmp/out.pcap" -T fields -e bgp.type -e bgp.length -e _ws.malformed -e _ws.expert.message 2>/dev/null | tr "\t\n" "  ")
    if [[ -z $out ]] || grep -qi 'malformed' <<<"$out$summary"; then
        echo "== $f: NOT DISSECTED CLEANLY"; bad=1
    fi
    echo "== $f: type/length/expert: $summary"
    ((quiet)) || echo "$out"
done
exit "$bad"
