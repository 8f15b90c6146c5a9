#!/bin/sh
# Makes the base image localhost/debian-base:bookworm from Debian's mirror, for
# machines that reach no container registry (about 30 s; needs root and
# debootstrap). It has no Node.js: the image build installs Debian's npm to
# run `npm ci`, which brings the pinned Node.js from npm.
set -eu
cd "$(dirname "$0")/../.."
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/deploy/podman/containers.conf}"
image="${1:-localhost/debian-base:bookworm}"
rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase bookworm "$rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >/dev/null
tar -C "$rootfs" -c . | podman import --quiet - "$image" >/dev/null
echo "$image"
