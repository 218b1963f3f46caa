# The image holds only the Native AOT binary: build it outside with
#   dotnet publish src/BgpSpeaker -c Release -r linux-x64 -o publish
# then: buildah bud --isolation chroot --storage-driver vfs -t bgpspeaker .
FROM scratch
COPY publish/bgpspeaker /usr/local/bin/bgpspeaker
COPY src/BgpSpeaker/Packaging/rt_protos.d/bgpspeaker.conf /etc/iproute2/rt_protos.d/bgpspeaker.conf
ENTRYPOINT ["/usr/local/bin/bgpspeaker"]
CMD ["run", "--config", "/etc/bgpspeaker/bgpspeaker.yaml"]
