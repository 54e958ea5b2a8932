# Shared by the benchmark scripts (sourced, not run).

# wait_for URL NAME [TRIES]: until URL answers 200, trying every half second (240 times unless told); exits if not.
wait_for() {
    for _ in $(seq 1 "${3:-240}"); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
        sleep 0.5
    done
    echo "$2 did not come up at $1" >&2; exit 1
}

# install_debian_packages PACKAGE...: installs what is missing (as root), or says what to install and exits.
install_debian_packages() {
    [ $# -gt 0 ] || return 0
    [ "$(id -u)" = 0 ] || { echo "Install $* (Debian packages) first" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}
