#!/usr/bin/env bash
# Installs the Debian packages the tests need: the interop lab (FRR, BIRD 2, GoBGP, tcpdump, tshark,
# iproute2), the native AOT build the ingest benchmark runs (clang as linker, zlib), and promtool
# (package prometheus) for the alert rules in deploy/, buildah, runc and umoci for the image and the
# Talos extension (built and run by the packaging tests), and the aarch64 cross toolchain, lld and
# qemu-user for the linux-arm64 binary (built by build.sh, run under qemu by the packaging tests), and
# arm64 OpenSSL (with its libc) for the arm64 image's root.
# Idempotent: does nothing when everything is already installed.
set -euo pipefail

PKGS=(frr bird2 gobgpd tcpdump tshark iproute2 procps python3 clang zlib1g-dev iputils-ping prometheus buildah runc umoci
      gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross lld qemu-user libssl3:arm64)

if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps.sh: must run as root" >&2
    exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
        missing+=("$p")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps.sh: all packages present (${PKGS[*]})"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# The arm64 image's root takes its loader, libc and OpenSSL from Debian's arm64 packages (multiarch).
refresh=false
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    refresh=true # the arm64 package lists are needed now
fi
# Refresh package lists only when they are absent or older than a day.
lists=(/var/lib/apt/lists/*_Packages)
if $refresh || [[ ! -e ${lists[0]} ]] || [[ -n $(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages' -mmin +1440 -print -quit) ]]; then
    apt-get update
fi
# tshark asks whether non-root users may capture; answer "no" without prompting.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get install -y --no-install-recommends "${missing[@]}"

# The lab starts FRR, BIRD and GoBGP by hand inside namespaces; the packaged services are not needed.
if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
    for unit in frr bird gobgpd prometheus; do
        systemctl disable --now "$unit" >/dev/null 2>&1 || true
    done
fi
echo "install-deps.sh: installed ${missing[*]}"
