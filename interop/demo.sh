#!/usr/bin/env bash
# The main job, as far as it goes today: decode real FRR messages (captured in this lab) as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
vectors=tests/BgpSpeaker.Wire.Tests/Vectors/frr
dotnet build src/BgpSpeaker -c Release --nologo -v quiet -clp:NoSummary
bin=src/BgpSpeaker/bin/Release/net10.0/bgpspeaker
for v in open-unnumbered update-ipv4-ll-nexthop notification-cease-shutdown; do
    echo "== $v (sent by FRR 8.4)"
    "$bin" decode --hex "$(cat "$vectors/$v.hex")"
done
