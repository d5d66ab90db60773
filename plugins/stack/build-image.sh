#!/usr/bin/env bash
# Build the berth base "stack" image locally from Debian packages (no image
# registry needed): debootstrap a minimal bookworm rootfs with nodejs and
# import it into docker as berth/stack:bookworm (also tagged berth/stack:latest).
#
# Usage: build-image.sh [--force]
#
# Environment:
#   BERTH_DEBIAN_MIRROR          Debian mirror (default: taken from the host's apt
#                                sources, else http://deb.debian.org/debian)
#   BERTH_STACK_EXTRA_PACKAGES   extra packages to include, comma or space separated
#   TMPDIR                       where the rootfs is assembled (default /tmp)
set -euo pipefail

SUITE=bookworm
IMAGE=berth/stack:$SUITE
LATEST=berth/stack:latest
DEFAULT_MIRROR=http://deb.debian.org/debian
INCLUDE=nodejs,ca-certificates,curl,git,procps
LOCK_FILE=/run/lock/berth-stack-build.lock

log() { printf -- '-----> %s\n' "$*"; }
info() { printf -- '       %s\n' "$*"; }
die() { printf -- ' !     %s\n' "$*" >&2; exit 1; }

force=0
for arg in "$@"; do
  case "$arg" in
    --force|-f) force=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (usage: build-image.sh [--force])" ;;
  esac
done

image_exists() { docker image inspect "$IMAGE" >/dev/null 2>&1; }

if ! timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  die "docker daemon is not reachable (run bootstrap/start-daemons.sh)"
fi

if [ "$force" = 0 ] && image_exists; then
  log "Stack image $IMAGE already exists (use --force to rebuild)"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "build-image.sh must be run as root (debootstrap)"
command -v debootstrap >/dev/null 2>&1 || die "debootstrap not found (run bootstrap/host-packages.sh)"

# Serialise concurrent builds; a second caller waits, then finds the image.
mkdir -p "$(dirname "$LOCK_FILE")"
exec 9>"$LOCK_FILE"
if ! flock -n 9; then
  log "Another stack build is running; waiting for it"
  flock 9
  if [ "$force" = 0 ] && image_exists; then
    log "Stack image $IMAGE already exists"
    exit 0
  fi
fi

# Find a Debian mirror for $SUITE in the host's apt sources (deb822 *.sources
# and one-line *.list formats). Prints nothing if none is found.
host_mirror() {
  local f
  shopt -s nullglob
  for f in /etc/apt/sources.list.d/*.sources; do
    awk -v suite="$SUITE" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no" && (" " suites " ") ~ (" " suite " ") && uri != "") {
          print uri; found = 1; exit
        }
        types = ""; suites = ""; uri = ""; enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      {
        key = tolower($1); sub(/:$/, "", key)
        val = $0; sub(/^[^:]*:[ \t]*/, "", val)
        if (key == "types") types = val
        else if (key == "suites") suites = val
        else if (key == "enabled") enabled = tolower(val)
        else if (key == "uris") { split(val, u, /[ \t]+/); uri = u[1] }
      }
      END { if (!found) flush() }
    ' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    awk -v suite="$SUITE" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit }
      }
    ' "$f"
  done
}

mirror="${BERTH_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  while IFS= read -r candidate; do
    case "$candidate" in
      http://*|https://*|file:/*) mirror=$candidate; break ;;
    esac
  done < <(host_mirror)
fi
mirror="${mirror:-$DEFAULT_MIRROR}"
case "$mirror" in
  http://*|https://*|file:/*) ;;
  *) die "unsupported mirror URI: $mirror" ;;
esac

include=$INCLUDE
if [ -n "${BERTH_STACK_EXTRA_PACKAGES:-}" ]; then
  extra=$(printf '%s' "$BERTH_STACK_EXTRA_PACKAGES" | tr -s ' ,' '\n' | sed '/^$/d')
  while IFS= read -r pkg; do
    [[ "$pkg" =~ ^[a-z0-9][a-z0-9.+-]+$ ]] || die "invalid package name: $pkg"
    include="$include,$pkg"
  done <<<"$extra"
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/berth-stack.XXXXXX")
rootfs="$workdir/rootfs"

cleanup() {
  # debootstrap mounts proc/sys inside the target; never rm -rf through a mount.
  local m
  if [ -d "$rootfs" ]; then
    while IFS= read -r m; do
      umount -l "$m" 2>/dev/null || true
    done < <(awk -v root="$rootfs" '$2 == root || index($2, root "/") == 1 { print $2 }' /proc/mounts | sort -r)
  fi
  rm -rf --one-file-system "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "Building stack image $IMAGE"
info "mirror:   $mirror"
info "packages: $include"

keyring_args=()
if [ -r /usr/share/keyrings/debian-archive-keyring.gpg ]; then
  keyring_args=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg)
fi

start=$SECONDS
if ! debootstrap --variant=minbase "${keyring_args[@]}" --include="$include" \
      "$SUITE" "$rootfs" "$mirror" >"$workdir/debootstrap.log" 2>&1; then
  tail -n 30 "$workdir/debootstrap.log" >&2
  [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2
  die "debootstrap failed"
fi
info "debootstrap done in $(( SECONDS - start ))s"

# Trim caches and host-specific files; docker provides hostname/resolv.conf.
rm -f "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/apt/* "$rootfs"/tmp/* "$rootfs"/var/tmp/*
rm -f "$rootfs"/var/log/dpkg.log "$rootfs"/var/log/bootstrap.log "$rootfs"/var/log/alternatives.log
rm -f "$rootfs"/etc/hostname
# Slim like Debian's -slim images: drop docs, man pages and translations
# (~70 MB) and keep later apt installs inside the image from adding them back.
find "$rootfs"/usr/share/doc -mindepth 1 ! -name copyright ! -type d -delete
find "$rootfs"/usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/groff/* \
  "$rootfs"/usr/share/lintian/* "$rootfs"/usr/share/locale/*
mkdir -p "$rootfs"/etc/dpkg/dpkg.cfg.d
cat >"$rootfs"/etc/dpkg/dpkg.cfg.d/berth-slim <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
SLIM
: >"$rootfs"/etc/resolv.conf
mkdir -p "$rootfs"/var/lib/apt/lists/partial "$rootfs"/app
chmod 1777 "$rootfs"/tmp "$rootfs"/var/tmp

old_id=$(docker image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)

log "Importing rootfs into docker"
tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'WORKDIR /app' \
  --change 'LABEL org.berth.stack=bookworm' \
  --change 'CMD ["/bin/bash"]' \
  --message "berth stack $SUITE" \
  - "$IMAGE" >/dev/null
docker tag "$IMAGE" "$LATEST"
# After --force, drop the previous image if nothing else refers to it.
if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect --format '{{.Id}}' "$IMAGE")" ] \
   && [ "$(docker image inspect --format '{{len .RepoTags}}' "$old_id" 2>/dev/null)" = 0 ]; then
  docker image rm "$old_id" >/dev/null 2>&1 || true
fi

size=$(docker image inspect --format '{{.Size}}' "$IMAGE")
node_version=$(docker run --rm "$IMAGE" node --version 2>/dev/null || echo unknown)
log "Built $IMAGE (also $LATEST): $(( size / 1024 / 1024 )) MiB, node $node_version, $(( SECONDS - start ))s"
