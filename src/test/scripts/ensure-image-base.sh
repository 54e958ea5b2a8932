#!/usr/bin/env bash
# Writes a base image for the container image test to $1, in the format `docker save` writes: Debian bookworm
# (minbase) with Debian's OpenJDK 17 JRE, made by debootstrap from Debian's own packages. The test machine reaches no
# container registry, so the image the README builds on eclipse-temurin is built here on this base instead.
# Needs root (debootstrap); installs debootstrap when missing.
set -euo pipefail
target="$1"
if [ -s "$target" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The container image test builds its base image with debootstrap, which needs root; run the tests as root or skip the deployment tests with -DskipITs." >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null; then
  echo "Installing Debian's debootstrap for the container image test"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
echo "Building the container image test's base (Debian bookworm with OpenJDK 17) with debootstrap"
debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$root" http://deb.debian.org/debian \
  > "$work/debootstrap.log" 2>&1 || { cat "$work/debootstrap.log" >&2; exit 1; }
# What an image does not need: package caches and lists, documentation, translations.
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
  "$root"/usr/share/locale/* "$root"/var/log/*
mkdir -p "$work/image"
tar --numeric-owner -C "$root" -cf "$work/image/layer.tar" .
diff_id="$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)"
cat > "$work/image/config.json" <<EOF
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]}}
EOF
cat > "$work/image/manifest.json" <<EOF
[{"Config":"config.json","RepoTags":["livetodo-test-base:bookworm"],"Layers":["layer.tar"]}]
EOF
mkdir -p "$(dirname "$target")"
tar -C "$work/image" -cf "$target.partial" manifest.json config.json layer.tar
mv "$target.partial" "$target"
