#!/usr/bin/env bash
# Installs Debian's nginx for the several-node tests when it is missing. The tests run their own nginx (the
# README's configuration, a free port, a folder under target/) and stop it; the package's own service is not used.
set -euo pipefail
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "The several-node tests need nginx: install Debian's nginx (or skip them with -DskipITs)." >&2
  exit 1
fi
echo "Installing nginx for the several-node tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends nginx >/dev/null
# Debian starts the package's own service where it can; the tests do not need it.
if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then
  systemctl stop nginx || true
fi
