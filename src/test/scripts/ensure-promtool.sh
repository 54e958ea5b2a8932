#!/usr/bin/env bash
# Puts Prometheus's own checker, promtool, at $1 for the metrics test: from Debian's prometheus package, unpacked
# rather than installed, so that no Prometheus service is set up or started on the test machine.
set -euo pipefail
target="$1"
if [ -x "$target" ]; then
  exit 0
fi
mkdir -p "$(dirname "$target")"
if command -v promtool >/dev/null; then
  ln -sf "$(command -v promtool)" "$target"
  exit 0
fi
if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
  echo "The metrics test needs promtool: install Debian's prometheus package (or skip the deployment tests with -DskipITs)." >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download prometheus >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Cannot download Debian's prometheus package for promtool; run 'apt-get update' as root, or install it." >&2
    exit 1
  fi
  echo "Fetching promtool (Debian's prometheus package) for the metrics test"
  apt-get update -qq
  apt-get download prometheus >/dev/null
fi
dpkg-deb -x prometheus_*.deb unpacked
cp unpacked/usr/bin/promtool "$target"
