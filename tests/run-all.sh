#!/usr/bin/env bash
# Runs every test: codec, session and daemon unit tests, property tests, and the interop tests that
# start real FRR daemons in network namespaces (they need root). Installs what they need first.
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

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...").
read -r passed failed skipped < <(awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ {f+=$2; p+=$4; s+=$6} END {print p+0, f+0, s+0}' "$log")
if [[ $status -ne 0 && $failed -eq 0 ]]; then
    failed=1 # the run broke before any summary (build or host error)
fi
echo "tests: $passed passed, $failed failed${skipped:+, $skipped skipped}"
exit "$status"
