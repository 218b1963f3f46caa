#!/usr/bin/env bash
# Fuzzes the BGP framer and decoder (src/BgpSpeaker.Wire) with AFL++ and SharpFuzz for SECONDS seconds.
#
#   fuzz.sh 600     the 10-minute run
#   fuzz.sh 60      CI's short run
#
# Builds the fuzz target (Release), instruments BgpSpeaker.Wire.dll with sharpfuzz, makes the seed
# corpus from the hex test vectors, runs afl-fuzz -V SECONDS with bgp.dict (BGP tokens), then prints
# one summary line:
#   fuzz: SECONDS s, N executions (N/s), corpus N, bitmap coverage N%, crashes N, hangs N
# Exits 1 when afl-fuzz saved a crash (a broken invariant) or a hang; the inputs are copied to
# $FUZZ_OUT/crashes (and .../hangs) and replayed there, with the command to reproduce them.
#
# Environment:
#   FUZZ_OUT        work directory, default /tmp/bgpspeaker-fuzz (never inside the repository)
#   FUZZ_TIMEOUT_MS afl-fuzz per-input timeout, default 2000
#   SHARPFUZZ_TOOLS where install.sh put the sharpfuzz tool, default /opt/bgpspeaker-fuzz/tools
set -euo pipefail

usage() {
    echo "usage: $0 SECONDS   (e.g. 600 for the 10-minute run, 60 for CI)" >&2
    exit 2
}
[[ $# -eq 1 && $1 =~ ^[1-9][0-9]*$ ]] || usage
seconds=$1

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${FUZZ_OUT:-/tmp/bgpspeaker-fuzz}
tools=${SHARPFUZZ_TOOLS:-/opt/bgpspeaker-fuzz/tools}
timeout_ms=${FUZZ_TIMEOUT_MS:-2000}
mkdir -p "$out"
out=$(cd "$out" && pwd)
case "$out/" in
    "$repo"/*) echo "fuzz.sh: FUZZ_OUT ($out) must be outside the repository" >&2; exit 2 ;;
esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SHARPFUZZ_TOOLS=$tools bash "$here/install.sh" >"$out/install.log" 2>&1 || { cat "$out/install.log" >&2; exit 1; }

echo "fuzz.sh: building and instrumenting in $out/bin"
rm -rf "$out/bin" "$out/seeds" "$out/findings" "$out/crashes" "$out/hangs"
dotnet publish "$here/BgpSpeaker.Wire.Fuzz.csproj" -c Release -o "$out/bin" --nologo -v quiet -clp:NoSummary
"$tools/sharpfuzz" "$out/bin/BgpSpeaker.Wire.dll" >"$out/instrument.log"
target=("$(command -v dotnet)" "$out/bin/BgpSpeaker.Wire.Fuzz.dll")
"${target[@]}" --make-corpus "$out/seeds" "$repo/tests/BgpSpeaker.Wire.Tests/Vectors"
# Saved findings seed the run too, except the known failures: afl-fuzz would keep splicing them and
# report the same unfixed bugs again instead of new ones.
regressions=$repo/tests/BgpSpeaker.Wire.Tests/Vectors/fuzz-regressions
for f in "$regressions"/*.bin; do
    [[ -e $f ]] || continue
    if ! grep -q "^$(basename "$f")\b" "$regressions/known-failures.txt" 2>/dev/null; then
        cp "$f" "$out/seeds/"
    fi
done

# The target is a .NET program, not an AFL-compiled binary (SharpFuzz speaks the fork-server protocol
# itself): skip the binary check. In a container the CPU governor and core_pattern cannot be set,
# and cores may be busy with other builds, so skip those checks and do not pin a core.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=60000
echo "fuzz.sh: afl-fuzz for $seconds s (log: $out/afl.log)"
status=0
# The outer timeout only guards against afl-fuzz never starting; -V ends the run.
timeout --kill-after=30 $((seconds + 300)) \
    afl-fuzz -i "$out/seeds" -o "$out/findings" -x "$here/bgp.dict" -V "$seconds" -t "$timeout_ms" -m none -- "${target[@]}" \
    >"$out/afl.log" 2>&1 || status=$?
stats=$out/findings/default/fuzzer_stats
if [[ ! -f $stats ]]; then
    tail -n 40 "$out/afl.log" >&2
    echo "fuzz.sh: afl-fuzz did not run (exit $status)" >&2
    exit 1
fi

stat() { awk -F' *: *' -v k="$1" '$1 == k {print $2}' "$stats"; }
execs=$(stat execs_done)
run_time=$(stat run_time)
corpus=$(stat corpus_count)
coverage=$(stat bitmap_cvg)
stability=$(stat stability)
rate=$(awk -v e="$execs" -v t="$run_time" 'BEGIN { printf "%.0f", (t > 0 ? e / t : 0) }')

copy_findings() { # KIND: copies findings/default/KIND/id:* to $out/KIND/KIND-NNNNNN.bin
    local kind=$1 n=0 f
    mkdir -p "$out/$kind"
    for f in "$out/findings/default/$kind"/id:*; do
        [[ -e $f ]] || continue
        cp "$f" "$out/$kind/$kind-$(basename "$f" | sed -E 's/^id:([0-9]+).*/\1/').bin"
        n=$((n + 1))
    done
    echo "$n"
}
crashes=$(copy_findings crashes)
hangs=$(copy_findings hangs)

echo "fuzz: $run_time s, $execs executions ($rate/s), corpus $corpus, bitmap coverage $coverage, stability $stability, crashes $crashes, hangs $hangs"
if [[ $status -ne 0 ]]; then
    tail -n 20 "$out/afl.log" >&2
    echo "fuzz.sh: afl-fuzz exited with $status" >&2
    exit 1
fi
if [[ $crashes -eq 0 && $hangs -eq 0 ]]; then
    exit 0
fi

if [[ $crashes -gt 0 ]]; then
    "${target[@]}" --replay "$out/crashes" >"$out/crashes/replay.txt" 2>&1 || true
    echo "fuzz.sh: $crashes crashing inputs in $out/crashes; what each broke (full traces in $out/crashes/replay.txt):"
    grep '^CRASH' "$out/crashes/replay.txt" | sed -E 's/^CRASH [^:]*: [0-9]+ octets, context //' | sort | uniq -c | sort -rn | head -n 20
fi
if [[ $hangs -gt 0 ]]; then
    echo "fuzz.sh: $hangs inputs took over $timeout_ms ms, in $out/hangs"
fi
cat <<EOF
To reproduce (uninstrumented build, with source lines):
  dotnet run --project $here -c Release -- --replay $out/crashes $out/hangs
To keep one as a regression test, copy it with a name that says what it breaks:
  cp $out/crashes/crashes-000000.bin $repo/tests/BgpSpeaker.Wire.Tests/Vectors/fuzz-regressions/WHAT-IT-BREAKS.bin
EOF
exit 1
