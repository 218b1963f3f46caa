#!/usr/bin/env bash
# Installs what fuzz.sh needs: AFL++ (Debian package afl++) and the sharpfuzz instrumentation tool
# (dotnet tool SharpFuzz.CommandLine, pinned). Idempotent: does nothing when both are present.
#   SHARPFUZZ_TOOLS  where the dotnet tool goes (default /opt/bgpspeaker-fuzz/tools)
set -euo pipefail

SHARPFUZZ_VERSION=2.3.0
TOOLS=${SHARPFUZZ_TOOLS:-/opt/bgpspeaker-fuzz/tools}

if ! command -v afl-fuzz >/dev/null 2>&1; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "install.sh: afl-fuzz is missing and installing it needs root (apt-get install afl++)" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    # Refresh package lists only when they are absent or older than a day.
    lists=(/var/lib/apt/lists/*_Packages)
    if [[ ! -e ${lists[0]} ]] || [[ -n $(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages' -mmin +1440 -print -quit) ]]; then
        apt-get update
    fi
    apt-get install -y --no-install-recommends afl++
fi

installed=""
if [[ -d $TOOLS ]]; then
    installed=$(dotnet tool list --tool-path "$TOOLS" 2>/dev/null | awk 'tolower($1) == "sharpfuzz.commandline" {print $2}' || true)
fi
if [[ $installed != "$SHARPFUZZ_VERSION" ]]; then
    mkdir -p "$TOOLS"
    if [[ -n $installed ]]; then
        dotnet tool uninstall --tool-path "$TOOLS" SharpFuzz.CommandLine
    fi
    dotnet tool install --tool-path "$TOOLS" SharpFuzz.CommandLine --version "$SHARPFUZZ_VERSION"
fi

afl_version=$(dpkg-query -W -f='${Version}' afl++ 2>/dev/null || echo unknown)
echo "install.sh: afl-fuzz ($afl_version) at $(command -v afl-fuzz); sharpfuzz $SHARPFUZZ_VERSION at $TOOLS/sharpfuzz"
