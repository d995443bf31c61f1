#!/bin/sh
# Builds one KMS client image from the samples and validates it, as a CI job does:
# install-key from the sample media, configure, generalize, capture into a WIM, then
# `kmsprep validate` with a JUnit report. One image per run: a CI matrix runs one per job.
#
# Usage: samples/ci/validate-image.sh VARIANT [OUT_DIR]
#   VARIANT  kms-host  clients use the explicit host kms1.corp.example:1688
#            dns       clients find the host through _vlmcs._tcp.corp.example
#   Both are checked against the records in samples/ci/corp.example.zone.
#   OUT_DIR  where install.wim and validate-junit.xml go (default: ./ci-out/VARIANT)
# Environment: KMSPREP (default: kmsprep in PATH), FAIL_ON (error | warning, default error).
# Exit status: that of kmsprep validate (0 pass, 1 a check failed, 2 usage, 3 bad input).
set -eu

variant=${1:?usage: validate-image.sh kms-host|dns [OUT_DIR]}
out=${2:-ci-out/$variant}
kmsprep=${KMSPREP:-kmsprep}
fail_on=${FAIL_ON:-error}
samples=$(cd "$(dirname "$0")/.." && pwd)

mkdir -p "$out"
tree="$out/reference-pc"
wim="$out/install.wim"
rm -rf "$tree" "$wim"
cp -R "$samples/reference-pc" "$tree"

"$kmsprep" install-key "$tree" --media "$samples/media"
case "$variant" in
  kms-host) "$kmsprep" configure "$tree" --kms-host kms1.corp.example:1688 ;;
  dns)      "$kmsprep" configure "$tree" --clear-kms-host ;;
  *)        echo "unknown variant: $variant (kms-host or dns)" >&2; exit 2 ;;
esac
"$kmsprep" generalize "$tree"

# The sample media is Windows Vista Enterprise: record that in the WIM as Windows does.
wimlib-imagex capture "$tree" "$wim" "Enterprise ($variant)"
wimlib-imagex info "$wim" 1 \
  --image-property WINDOWS/EDITIONID=Enterprise \
  --image-property WINDOWS/VERSION/MAJOR=6 --image-property WINDOWS/VERSION/MINOR=0 \
  --image-property WINDOWS/ARCH=0 >/dev/null

# The zone stands in for the corporate DNS server: with a real one, use
# --dns-server ADDR[:PORT] instead (and --probe where the CI runner can reach the host).
"$kmsprep" validate "$wim" --media "$samples/media" \
  --dns-zone "$samples/ci/corp.example.zone" --domain corp.example \
  --format junit --output "$out/validate-junit.xml" --fail-on "$fail_on"
