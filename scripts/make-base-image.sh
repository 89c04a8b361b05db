#!/usr/bin/env bash
# Make the offline test base image (Debian bookworm, minbase + git, ca-certificates, bash, curl)
# without a registry: debootstrap from this machine's own apt mirror, then import the root
# filesystem into each engine given as a unix:// address. The rootfs tarball is cached and
# reused; an engine that already has the image is left alone (CCR_BASE_REIMPORT=1 imports again).
#
#   scripts/make-base-image.sh unix:///tmp/ccr-engines/docker/docker.sock [unix://…podman.sock]
set -euo pipefail
image=${CCR_BASE_IMAGE:-ccr-test-base:bookworm}
cache=${CCR_CACHE_DIR:-/var/cache/claude-code-runner}
# The name changes with the package list, so a cached root filesystem is never stale.
tarball="$cache/base-bookworm-curl.tar"

mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '/^deb / && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || { echo "cannot find the apt mirror in /etc/apt/sources.list.d/debian.sources" >&2; exit 1; }
  echo "$uri"
}

has_image() { # $1 socket path
  local repo=${image%%:*} tag=${image##*:}
  curl -sf --unix-socket "$1" "http://d/images/$repo:$tag/json" >/dev/null 2>&1
}

if [ ! -s "$tarball" ]; then
  command -v debootstrap >/dev/null || { echo "debootstrap missing: apt-get install -y debootstrap" >&2; exit 1; }
  mkdir -p "$cache"
  rootfs=$(mktemp -d "$cache/rootfs.XXXXXX")
  trap 'rm -rf "$rootfs"' EXIT
  echo "debootstrap bookworm from $(mirror) …" >&2
  debootstrap --variant=minbase --include=git,ca-certificates,bash,curl bookworm "$rootfs" "$(mirror)" >"$cache/debootstrap.log" 2>&1 \
    || { tail -n 30 "$cache/debootstrap.log" >&2; exit 1; }
  # Keep the image's apt pointed at the same mirror so image builds on top of it can install.
  tar -C "$rootfs" -c . >"$tarball.tmp" && mv "$tarball.tmp" "$tarball"
fi

for address in "$@"; do
  sock=${address#unix://}
  if [ -z "${CCR_BASE_REIMPORT:-}" ] && has_image "$sock"; then echo "$image already in $address" >&2; continue; fi
  repo=${image%%:*} tag=${image##*:}
  curl -sf --unix-socket "$sock" -X POST -H 'Content-Type: application/x-tar' \
    --data-binary @"$tarball" "http://d/images/create?fromSrc=-&repo=$repo&tag=$tag" >/dev/null \
    || { echo "import into $address failed" >&2; exit 1; }
  # Podman's compat import ignores the tag and names the image "<repo>:latest": tag it.
  # (Always: on a re-import the old image still holds the tag.)
  if [ "$tag" != latest ] && curl -sf --unix-socket "$sock" "http://d/images/$repo:latest/json" >/dev/null 2>&1; then
    curl -sf --unix-socket "$sock" -X POST "http://d/images/$repo:latest/tag?repo=$repo&tag=$tag" >/dev/null || true
  fi
  has_image "$sock" || { echo "image $image not found in $address after import" >&2; exit 1; }
  echo "imported $image into $address" >&2
done
