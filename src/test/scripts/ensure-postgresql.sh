#!/usr/bin/env bash
# Installs Debian's PostgreSQL server for the storage tests when it is missing. The tests start a private instance
# of it (loopback, free port, temporary directory) and stop it themselves; the package's own cluster is not used.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "The storage tests need PostgreSQL: install Debian's postgresql package." >&2
  exit 1
fi
echo "Installing postgresql for the storage tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql >/dev/null
