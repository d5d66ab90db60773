#!/usr/bin/env bash
# Install the Debian packages the berth platform needs on its host.
# Idempotent: a warm run only queries dpkg and exits (well under a second).
set -euo pipefail

PACKAGES=(docker.io nginx openssh-server openssh-client git debootstrap curl ca-certificates procps iproute2 sudo passwd cron)
# Only the tests need these: pebble is the ACME server (with pebble-challtestsrv as its DNS) of the letsencrypt e2e.
TEST_PACKAGES=(pebble)
PACKAGES+=("${TEST_PACKAGES[@]}")

log() { printf -- '-----> %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "host-packages.sh: must be run as root" >&2
  exit 1
fi

installed() {
  # dpkg -s exits 0 for any known package; require the "installed" state.
  local status
  status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
  [ "$status" = "install ok installed" ]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done

# A docker CLI alone (e.g. /usr/local/bin/docker) is not enough: the daemon
# must be present too.
if ! command -v dockerd >/dev/null 2>&1 && [ ! -x /usr/bin/dockerd ] \
   && [[ " ${missing[*]-} " != *" docker.io "* ]]; then
  missing+=(docker.io)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  log "Host packages already installed"
  exit 0
fi

log "Installing host packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Don't let package postinst scripts try to start services (no init system
# is assumed; start-daemons.sh starts them).
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ] && [ ! -d /run/systemd/system ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  created_policy=1
fi
cleanup() { if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT
apt-get install -y -qq --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  "${missing[@]}"
log "Host packages installed"
