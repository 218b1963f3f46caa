# The bgpspeaker image: the Native AOT binary with exactly the loader and libraries it needs, nothing
# else. Build it (binary, image and Talos extension) with
#   bash src/BgpSpeaker/Packaging/build.sh
# which fills out/rootfs first (out/rootfs-arm64 for arm64: build with --arch arm64 and
# --build-arg ROOTFS=out/rootfs-arm64 together, as build.sh does); this file only copies it.
FROM scratch
ARG ROOTFS=out/rootfs
COPY ${ROOTFS}/ /
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/bgpspeaker"]
CMD ["run", "--config", "/etc/bgpspeaker/bgpspeaker.yaml"]
