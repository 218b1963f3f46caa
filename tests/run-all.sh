#!/usr/bin/env bash
# Runs every test: codec, session, routing and daemon unit tests, property tests, the hostile-peer
# suite against a running daemon, the interop tests that start real FRR daemons in network
# namespaces (they need root), a 60 s fuzz run of the codec and a small run of the ingest
# benchmark (native AOT build). Installs what they need first.
# Ends with one line "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) -ne 0 ]]; then
    echo "run-all.sh: run as root: the interop tests create network namespaces and start FRR" >&2
    exit 1
fi
command -v dotnet >/dev/null || { echo "run-all.sh: the .NET SDK 10 is needed (dotnet on PATH)" >&2; exit 1; }
bash interop/install-deps.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build BgpSpeaker.sln -c Release --nologo -v quiet -clp:NoSummary

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test BgpSpeaker.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# The short fuzz run (60 s of AFL++ on the codec; `tests/BgpSpeaker.Wire.Fuzz/fuzz.sh 600` is the long one).
fuzz_failed=0
if ! bash tests/BgpSpeaker.Wire.Fuzz/fuzz.sh 60 2>&1 | tee -a "$log" | tail -3; then
    fuzz_failed=1
    status=1
fi

# The ingest benchmark, small (50,000 IPv4 and 10,000 IPv6 prefixes, one run): proves the native AOT build and the
# benchmark harness work end to end. Its figures are not judged here; bench/README.md has the real run.
bench_failed=0
if ! bash bench/ingest.sh --runs 1 --prefixes 50000 --ipv6-prefixes 10000 2>&1 | tee -a "$log" | tail -4; then
    bench_failed=1
    status=1
fi

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...").
read -r passed failed skipped < <(awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ {f+=$2; p+=$4; s+=$6} END {print p+0, f+0, s+0}' "$log")
failed=$((failed + fuzz_failed + bench_failed))
if [[ $status -ne 0 && $failed -eq 0 ]]; then
    failed=1 # the run broke before any summary (build or host error)
fi
echo "tests: $passed passed, $failed failed${skipped:+, $skipped skipped}"
exit "$status"
