#!/usr/bin/env bash
# Builds everything bgpspeaker ships, from a clean clone, into out/:
#   out/publish/bgpspeaker          the Native AOT binary (linux-x64)
#   out/publish-arm64/bgpspeaker    the same for linux-arm64 (Debian's cross toolchain, linked by lld)
#   out/rootfs/                     the image's root: the binary, the loader and exactly the libraries it
#                                   needs (plus OpenSSL for HTTPS health probes), CA certificates,
#                                   the route protocol name, empty /etc/bgpspeaker and /run/bgpspeaker
#   out/bgpspeaker-VERSION.oci.tar  the OCI image (Dockerfile, buildah: no daemon needed)
#   out/talos/                      the Talos system extension: manifest.yaml and rootfs/
#   out/bgpspeaker-talos-VERSION.oci.tar  the extension as an OCI image (for the imager's --system-extension-image)
#   out/*-arm64*                    the same four for linux-arm64
#
#   bash src/BgpSpeaker/Packaging/build.sh        (root: buildah with chroot isolation and vfs storage)
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=src/BgpSpeaker/Packaging
out=out

for tool in buildah aarch64-linux-gnu-objcopy ld.lld readelf; do
    command -v "$tool" >/dev/null || { echo "build.sh: $tool is missing: apt install buildah binutils gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross lld (interop/install-deps.sh installs them)" >&2; exit 2; }
done

rm -rf "$out"
mkdir -p "$out"
echo "build.sh: publishing the Native AOT binary ..."
dotnet publish src/BgpSpeaker -c Release -r linux-x64 -o "$out/publish" -v quiet -nologo >/dev/null
binary=$out/publish/bgpspeaker
version_line=$("$binary" --version)
version=${version_line%% *}
echo "build.sh: bgpspeaker $version_line"
echo "build.sh: publishing the linux-arm64 binary ..."
# clang finds Debian's aarch64 libc and crt files by itself; lld links any architecture.
dotnet publish src/BgpSpeaker -c Release -r linux-arm64 -o "$out/publish-arm64" -v quiet -nologo \
    -p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy >/dev/null

# The root filesystem: the binary and what the dynamic loader needs, copied from this Debian system
# (for arm64 from its multiarch packages: dpkg --add-architecture arm64; apt install libssl3:arm64).
make_rootfs() {
    local binary=$1 triplet=$2 rootfs=$3
    install -D -m 0755 "$binary" "$rootfs/usr/local/bin/bgpspeaker"
    # No file capabilities: a runtime that does not grant them would refuse to exec the binary at all. The
    # image runs as 65532; the runtime gives NET_ADMIN, NET_RAW and NET_BIND_SERVICE (ambient for non-root).
    local interpreter libraries name library real
    interpreter=$(LC_ALL=C readelf -l "$binary" | sed -n 's/.*program interpreter: \(.*\)]$/\1/p')
    [[ -n $interpreter ]] || { echo "build.sh: $binary names no program interpreter" >&2; exit 2; }
    libraries=$interpreter
    for name in $(LC_ALL=C readelf -d "$binary" | sed -n 's/.*Shared library: \[\(.*\)\]$/\1/p'); do
        [[ $name == "$(basename "$interpreter")" ]] || libraries+=" /lib/$triplet/$name"
    done
    # Loaded with dlopen, so not among the binary's needs: OpenSSL for HTTPS health probes.
    libraries+=" /usr/lib/$triplet/libssl.so.3 /usr/lib/$triplet/libcrypto.so.3"
    for library in $libraries; do
        [[ -e $library ]] || { echo "build.sh: $library is missing (interop/install-deps.sh installs libssl3 for amd64 and arm64)" >&2; exit 2; }
        real=$(readlink -f "$library")
        install -D -m 0755 "$real" "$rootfs$real"
        if [[ $library != "$real" ]]; then
            mkdir -p "$rootfs$(dirname "$library")"
            ln -sfr "$rootfs$real" "$rootfs$library" # relative: it resolves inside the root, never on the build machine
        fi
    done
    install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    install -D -m 0644 "$here/rt_protos.d/bgpspeaker.conf" "$rootfs/etc/iproute2/rt_protos.d/bgpspeaker.conf"
    # Mount points: the configuration (read-only) and the control socket's directory (writable).
    install -d -m 0755 "$rootfs/etc/bgpspeaker" "$rootfs/run/bgpspeaker"
}

# The image and the Talos system extension (manifest.yaml and rootfs/ only; the service's own root is the
# image's) for one architecture; SUFFIX names the arm64 artefacts ("" for amd64, "-arm64").
storage=(--storage-driver vfs)
package() {
    local arch=$1 suffix=$2 rootfs=$out/rootfs$2 talos=$out/talos$2
    echo "build.sh: building the $arch image ..."
    buildah "${storage[@]}" bud --isolation chroot --layers=false --quiet --arch "$arch" --build-arg "ROOTFS=$rootfs" \
        -f Dockerfile -t "localhost/bgpspeaker:$version$suffix" . >/dev/null
    buildah "${storage[@]}" push --quiet "localhost/bgpspeaker:$version$suffix" "oci-archive:$out/bgpspeaker-$version$suffix.oci.tar:bgpspeaker:$version"
    install -D -m 0644 /dev/null "$talos/manifest.yaml"
    sed "s/@VERSION@/$version/" "$here/talos/manifest.yaml" > "$talos/manifest.yaml"
    install -D -m 0644 "$here/talos/bgpspeaker.yaml" "$talos/rootfs/usr/local/etc/containers/bgpspeaker.yaml"
    mkdir -p "$talos/rootfs/usr/local/lib/containers"
    cp -a "$rootfs" "$talos/rootfs/usr/local/lib/containers/bgpspeaker"
    printf 'FROM scratch\nCOPY talos%s/ /\n' "$suffix" > "$out/talos$suffix.Containerfile"
    echo "build.sh: building the $arch Talos extension image ..."
    buildah "${storage[@]}" bud --isolation chroot --layers=false --quiet --arch "$arch" \
        -f "$out/talos$suffix.Containerfile" -t "localhost/bgpspeaker-talos:$version$suffix" "$out" >/dev/null
    buildah "${storage[@]}" push --quiet "localhost/bgpspeaker-talos:$version$suffix" "oci-archive:$out/bgpspeaker-talos-$version$suffix.oci.tar:bgpspeaker-talos:$version"
}

make_rootfs "$binary" x86_64-linux-gnu "$out/rootfs"
make_rootfs "$out/publish-arm64/bgpspeaker" aarch64-linux-gnu "$out/rootfs-arm64"
package amd64 ""
package arm64 -arm64

du -b "$binary" "$out/publish-arm64/bgpspeaker" "$out"/*.oci.tar | awk '{ printf "build.sh: %-45s %6.1f MB\n", $2, $1 / 1e6 }'
