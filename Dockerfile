# The bgpspeaker image: the Native AOT binary with exactly the loader and libraries it needs, nothing
# else. Build it (binary, image and Talos extension) with
#   bash src/BgpSpeaker/Packaging/build.sh
# which fills out/rootfs (out/rootfs-arm64 for --arch arm64) first; this file only copies it.
FROM scratch
ARG ROOTFS=out/rootfs
COPY ${ROOTFS}/ /
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/bgpspeaker"]
CMD ["run", "--config", "/etc/bgpspeaker/bgpspeaker.yaml"]
