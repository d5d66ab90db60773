#!/usr/bin/env bash
# Start the daemons the berth platform needs: dockerd, nginx, sshd and cron.
# Idempotent: anything already running is left alone. Uses systemd only when
# it is PID 1; otherwise starts the daemons directly in the background.
#
# Environment:
#   BERTH_LIB_ROOT               state root (default /var/lib/berth); dockerd logs
#                                to $BERTH_LIB_ROOT/logs/dockerd.log
#   BERTH_SKIP_NGINX=1           don't start nginx
#   BERTH_SKIP_SSHD=1            don't start sshd
#   BERTH_SKIP_CRON=1            don't start cron (it runs the apps' app.json cron tasks)
#   BERTH_DOCKER_STORAGE_DRIVER  force a dockerd storage driver (default: let
#                                dockerd choose, overlay2 if it works; falls
#                                back to vfs if dockerd fails to start)
#   BERTH_DOCKER_TIMEOUT         seconds to wait for dockerd (default 60)
set -euo pipefail

LIB_ROOT="${BERTH_LIB_ROOT:-/var/lib/berth}"
LOG_DIR="$LIB_ROOT/logs"
DOCKERD_LOG="$LOG_DIR/dockerd.log"
DOCKER_TIMEOUT="${BERTH_DOCKER_TIMEOUT:-60}"
export PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

log() { printf -- '-----> %s\n' "$*"; }
info() { printf -- '       %s\n' "$*"; }
die() { printf -- ' !     %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "start-daemons.sh must be run as root"

use_systemd=0
[ -d /run/systemd/system ] && use_systemd=1

docker_ready() {
  timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# Run a command detached from this script (own session, no inherited stdio).
spawn_detached() {
  local logfile=$1; shift
  setsid nohup "$@" >>"$logfile" 2>&1 </dev/null &
  echo $!
}

# True if pid exists and is not a zombie (PID 1 may not reap it).
process_alive() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# Poll until dockerd answers, bounded by DOCKER_TIMEOUT. If a pid is given,
# give up early when that process dies. Returns 0 when ready.
wait_for_docker() {
  local pid=${1:-} tries=$(( DOCKER_TIMEOUT * 5 )) i
  for (( i = 0; i < tries; i++ )); do
    docker_ready && return 0
    if [ -n "$pid" ] && ! process_alive "$pid"; then
      return 1
    fi
    sleep 0.2
  done
  return 1
}

# dockerd needs a working iptables; if the nf_tables backend is unusable on
# this kernel but the legacy one works, switch to legacy.
ensure_iptables() {
  command -v iptables >/dev/null 2>&1 || return 0
  if ! iptables -t nat -L -n >/dev/null 2>&1 \
     && command -v iptables-legacy >/dev/null 2>&1 \
     && iptables-legacy -t nat -L -n >/dev/null 2>&1; then
    info "iptables (nf_tables) unusable; switching to iptables-legacy"
    update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null
    update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy >/dev/null 2>&1 || true
  fi
}

start_dockerd_direct() {
  local driver=${1:-} pid
  local args=()
  [ -n "$driver" ] && args+=("--storage-driver=$driver")
  printf '\n=== %s starting dockerd %s ===\n' "$(date -Is)" "${args[*]-}" >>"$DOCKERD_LOG"
  pid=$(spawn_detached "$DOCKERD_LOG" dockerd "${args[@]}")
  if wait_for_docker "$pid"; then
    return 0
  fi
  # Don't leave a half-started daemon behind.
  kill "$pid" 2>/dev/null || true
  return 1
}

docker_started=0

start_docker() {
  if docker_ready; then
    log "dockerd already running"
    return 0
  fi
  docker_started=1
  command -v dockerd >/dev/null 2>&1 || die "dockerd not found (run bootstrap/host-packages.sh)"

  if [ "$use_systemd" = 1 ]; then
    log "Starting docker (systemd)"
    systemctl start docker
    wait_for_docker || die "dockerd did not become ready within ${DOCKER_TIMEOUT}s"
  elif pgrep -x dockerd >/dev/null; then
    log "dockerd is starting; waiting for it"
    wait_for_docker "$(pgrep -xo dockerd)" || die "dockerd did not become ready; see $DOCKERD_LOG"
  else
    mkdir -p "$LOG_DIR"
    ensure_iptables
    local driver="${BERTH_DOCKER_STORAGE_DRIVER:-}"
    log "Starting dockerd${driver:+ (storage driver $driver)}"
    if ! start_dockerd_direct "$driver"; then
      if [ -z "$driver" ]; then
        info "dockerd failed to start; retrying with the vfs storage driver"
        start_dockerd_direct vfs || { tail -n 20 "$DOCKERD_LOG" >&2; die "dockerd failed to start; see $DOCKERD_LOG"; }
      else
        tail -n 20 "$DOCKERD_LOG" >&2
        die "dockerd failed to start; see $DOCKERD_LOG"
      fi
    fi
  fi

  local driver_now cgroup_now
  driver_now=$(docker info --format '{{.Driver}}' 2>/dev/null || echo unknown)
  cgroup_now=$(docker info --format '{{.CgroupVersion}}/{{.CgroupDriver}}' 2>/dev/null || echo unknown)
  info "dockerd ready (storage driver: $driver_now, cgroup: $cgroup_now)"
  if [ "$driver_now" = vfs ]; then
    info "warning: vfs storage driver is slow and uses a lot of disk"
  fi
}

# start_service NAME UNIT PREPARE COMMAND...: skipped when BERTH_SKIP_<NAME>=1 and left alone when a
# NAME process runs; otherwise PREPARE (a function, or :) runs, then systemd's UNIT starts it, or
# COMMAND does (each of these daemons detaches itself once it is ready).
start_service() {
  local name=$1 unit=$2 prepare=$3
  shift 3
  local skip="BERTH_SKIP_${name^^}"
  if [ "${!skip:-0}" = 1 ]; then
    log "Skipping $name ($skip=1)"
    return 0
  fi
  if pgrep -x "$name" >/dev/null; then
    log "$name already running"
    return 0
  fi
  command -v "$1" >/dev/null 2>&1 || die "$1 not found (run bootstrap/host-packages.sh)"
  "$prepare"
  log "Starting $name"
  if [ "$use_systemd" = 1 ]; then
    systemctl start "$unit"
  else
    "$@"
  fi
}

prepare_nginx() {
  mkdir -p /var/log/nginx
  nginx -t -q || die "nginx configuration is invalid (see nginx -t)"
}

prepare_sshd() {
  mkdir -p /run/sshd
  ssh-keygen -A >/dev/null
}

# Without systemd there is no boot unit: a dockerd started here means the host came back, so the
# apps that ran before are brought back too (berth's systemd unit does this on systemd hosts).
restore_apps() {
  if [ "$docker_started" = 1 ] && [ "$use_systemd" = 0 ] && command -v berth >/dev/null 2>&1 \
     && [ -d "${BERTH_LIB_ROOT:-/var/lib/berth}/plugins/enabled/ps" ]; then
    log "Restoring apps (berth ps:restore)"
    berth ps:restore || info "warning: ps:restore failed; run 'berth ps:restore' by hand"
  fi
}

start_docker
start_service nginx nginx prepare_nginx nginx
start_service sshd ssh prepare_sshd /usr/sbin/sshd
start_service cron cron : /usr/sbin/cron
restore_apps
