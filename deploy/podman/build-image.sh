#!/bin/sh
# Builds the image with podman where no container registry is reachable:
#   deploy/podman/build-image.sh [TAG]        (default localhost/inventory:latest)
# The base is BASE_IMAGE when set, else localhost/debian-base:bookworm, made
# once by debian-base.sh and reused. Where npm is reached through a
# TLS-inspecting proxy, the system CA bundle is passed as a build secret.
# Layers are cached: after the first build, a source change rebuilds in seconds.
set -eu
cd "$(dirname "$0")/../.."
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/deploy/podman/containers.conf}"
tag="${1:-localhost/inventory:latest}"
base="${BASE_IMAGE:-localhost/debian-base:bookworm}"
if [ -z "${BASE_IMAGE:-}" ] && ! podman image exists "$base"; then
  deploy/podman/debian-base.sh "$base" >/dev/null
fi
set -- --format docker --network host --build-arg "BASE_IMAGE=$base" -f deploy/Containerfile -t "$tag"
ca=/etc/ssl/certs/ca-certificates.crt
if [ -s "$ca" ]; then set -- "$@" --secret "id=ca,src=$ca"; fi
podman build --quiet "$@" . >/dev/null
echo "$tag"
