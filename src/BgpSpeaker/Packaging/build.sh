#!/usr/bin/env bash
# Builds everything bgpspeaker ships, from a clean clone, into out/:
#   out/publish/bgpspeaker          the Native AOT binary (linux-x64)
#   out/publish-arm64/bgpspeaker    the same for linux-arm64 (Debian's cross toolchain, linked by lld)
#   out/rootfs/                     the image's root: the binary, the loader and exactly the libraries it
#                                   loads (ldd, plus OpenSSL for HTTPS health probes), CA certificates,
#                                   the route protocol name, empty /etc/bgpspeaker and /run/bgpspeaker
#   out/bgpspeaker-VERSION.oci.tar  the OCI image (Dockerfile, buildah: no daemon needed)
#   out/talos/                      the Talos system extension: manifest.yaml and rootfs/
#   out/bgpspeaker-talos-VERSION.oci.tar  the extension as an OCI image (for the imager's --system-extension-image)
#
#   bash src/BgpSpeaker/Packaging/build.sh        (root: buildah with chroot isolation and vfs storage)
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=src/BgpSpeaker/Packaging
out=out

for tool in buildah aarch64-linux-gnu-objcopy ld.lld; do
    command -v "$tool" >/dev/null || { echo "build.sh: $tool is missing: apt install buildah gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross lld (interop/install-deps.sh installs them)" >&2; exit 2; }
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

# The root filesystem: the binary and what the dynamic loader needs, copied from this Debian system.
rootfs=$out/rootfs
install -D -m 0755 "$binary" "$rootfs/usr/local/bin/bgpspeaker"
# No file capabilities: a runtime that does not grant them would refuse to exec the binary at all. The
# image runs as 65532; the runtime gives NET_ADMIN, NET_RAW and NET_BIND_SERVICE (ambient for non-root).
libraries=$(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
# Loaded with dlopen, so ldd cannot see them: OpenSSL for HTTPS health probes.
libraries+=" $(ls /usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3)"
for library in $libraries; do
    real=$(readlink -f "$library")
    install -D -m 0755 "$real" "$rootfs$real"
    if [[ $library != "$real" ]]; then
        mkdir -p "$rootfs$(dirname "$library")"
        ln -sf "$real" "$rootfs$library"
    fi
done
install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
install -D -m 0644 "$here/rt_protos.d/bgpspeaker.conf" "$rootfs/etc/iproute2/rt_protos.d/bgpspeaker.conf"
# Mount points: the configuration (read-only) and the control socket's directory (writable).
install -d -m 0755 "$rootfs/etc/bgpspeaker" "$rootfs/run/bgpspeaker"

storage=(--storage-driver vfs)
echo "build.sh: building the image ..."
buildah "${storage[@]}" bud --isolation chroot --layers=false --quiet -f Dockerfile -t "localhost/bgpspeaker:$version" . >/dev/null
buildah "${storage[@]}" push --quiet "localhost/bgpspeaker:$version" "oci-archive:$out/bgpspeaker-$version.oci.tar:bgpspeaker:$version"

# The Talos system extension: manifest.yaml and rootfs/ only; the service's own root is the image's.
talos=$out/talos
install -D -m 0644 /dev/null "$talos/manifest.yaml"
sed "s/@VERSION@/$version/" "$here/talos/manifest.yaml" > "$talos/manifest.yaml"
install -D -m 0644 "$here/talos/bgpspeaker.yaml" "$talos/rootfs/usr/local/etc/containers/bgpspeaker.yaml"
mkdir -p "$talos/rootfs/usr/local/lib/containers"
cp -a "$rootfs" "$talos/rootfs/usr/local/lib/containers/bgpspeaker"
printf 'FROM scratch\nCOPY talos/ /\n' > "$out/talos.Containerfile"
echo "build.sh: building the Talos extension image ..."
buildah "${storage[@]}" bud --isolation chroot --layers=false --quiet -f "$out/talos.Containerfile" -t "localhost/bgpspeaker-talos:$version" "$out" >/dev/null
buildah "${storage[@]}" push --quiet "localhost/bgpspeaker-talos:$version" "oci-archive:$out/bgpspeaker-talos-$version.oci.tar:bgpspeaker-talos:$version"

du -b "$binary" "$out/publish-arm64/bgpspeaker" "$out"/*.oci.tar | awk '{ printf "build.sh: %-45s %6.1f MB\n", $2, $1 / 1e6 }'
