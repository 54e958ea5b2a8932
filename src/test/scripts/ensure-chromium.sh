#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the browser tests when they are missing.
# Selenium must not download a browser of its own: the test machines reach only package registries.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "The browser tests need chromium and chromedriver: install Debian's chromium and chromium-driver" \
       "(or skip the deployment and browser tests with -DskipITs)." >&2
  exit 1
fi
echo "Installing chromium and chromium-driver for the browser tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null
