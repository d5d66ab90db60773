#!/bin/bash
# Runs a Heroku-style buildpack build (API v2a) inside the build container, as root only for setup:
# detect, compile and release run as the unprivileged app user with a clean environment.
#
# The host put everything under /tmp/berth before the start:
#   mode               "detect" (first buildpack whose bin/detect passes) or "explicit" (all, in order)
#   buildpacks.list    "<dir><TAB><url>" lines, in order; the dirs are under buildpacks/
#   stack              the STACK value buildpacks see
#   source-version     the git revision being built (may be empty)
#   env/               one file per config var (ENV_DIR)
#   start, exec        the runtime entry scripts, installed as /start and /exec
# Every line this prints is shown to the user: "-----> " steps, "       " details, " !     " errors.
set -euo pipefail
shopt -s nullglob

B=/tmp/berth
BUILD_DIR=/app
CACHE_DIR=/cache
ENV_DIR=$B/env
APP_ID=32767

trap 'rm -rf "$B"' EXIT   # ENV_DIR holds config values: never leave it in the committed image

fail() {
  printf ' !     %s\n' "$@" >&2
  exit 1
}

getent group "$APP_ID" >/dev/null || groupadd --gid "$APP_ID" app
getent passwd "$APP_ID" >/dev/null || useradd --uid "$APP_ID" --gid "$APP_ID" --home-dir /app --no-create-home --shell /bin/bash app
chown "$APP_ID:$APP_ID" "$BUILD_DIR"
[ "$(stat -c %u "$CACHE_DIR")" = "$APP_ID" ] || chown -R "$APP_ID:$APP_ID" "$CACHE_DIR"
mkdir -p "$ENV_DIR" "$B/exports"
chmod 0755 "$B"
chown -R "$APP_ID:$APP_ID" "$B/buildpacks" "$ENV_DIR" "$B/exports"
chmod 0700 "$ENV_DIR"
mkdir -p /usr/local/lib/berth
install -m 0755 "$B/start" /start
install -m 0755 "$B/exec" /exec

stack=$(<"$B/stack")
source_version=$(<"$B/source-version")
mode=$(<"$B/mode")

# A buildpack's compile sees only these variables, plus what earlier buildpacks exported
# (their bin/../export files), like Heroku's multi-buildpack builds.
as_app() {
  setpriv --reuid="$APP_ID" --regid="$APP_ID" --clear-groups \
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/app LANG=C.UTF-8 \
    STACK="$stack" SOURCE_VERSION="$source_version" REQUEST_ID="berth-build" \
    bash -c 'shopt -s nullglob; for f in /tmp/berth/exports/*; do . "$f"; done; cd /app; exec "$@"' as_app "$@"
}

declare -a dirs=() urls=()
while IFS=$'\t' read -r dir url; do
  [ -n "$dir" ] || continue
  dirs+=("$B/buildpacks/$dir")
  urls+=("$url")
done <"$B/buildpacks.list"
[ "${#dirs[@]}" -gt 0 ] || fail "No buildpacks to run"

declare -a chosen=() names=()
for i in "${!dirs[@]}"; do
  bp=${dirs[$i]}
  name=""
  if [ -x "$bp/bin/detect" ]; then
    if name=$(as_app "$bp/bin/detect" "$BUILD_DIR"); then
      name=$(printf '%s\n' "$name" | head -n 1)
    elif [ "$mode" = explicit ]; then
      fail "App not compatible with buildpack: ${urls[$i]}" "Its bin/detect did not recognise this app"
    else
      continue
    fi
  fi
  chosen+=("$i")
  names+=("${name:-$(basename "${urls[$i]}")}")
  [ "$mode" = explicit ] || break
done
if [ "${#chosen[@]}" -eq 0 ]; then
  fail "Unable to select a buildpack: none of them detected this app (${urls[*]})" \
    "Choose one with: berth buildpacks:add APP URL (or a .buildpacks file, or the BUILDPACK_URL config var)"
fi

for k in "${!chosen[@]}"; do
  i=${chosen[$k]}
  bp=${dirs[$i]}
  printf -- '-----> %s app detected\n' "${names[$k]}"
  [ "$mode" = detect ] || printf '       (buildpack %s)\n' "${urls[$i]}"
  if ! as_app "$bp/bin/compile" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"; then
    fail "Push rejected, failed to compile ${names[$k]} app."
  fi
  if [ -f "$bp/export" ]; then cp "$bp/export" "$B/exports/$(printf '%02d' "$k")"; fi
done

last=${dirs[${chosen[-1]}]}
rm -f "$BUILD_DIR/.release"
if [ -x "$last/bin/release" ]; then
  as_app "$last/bin/release" "$BUILD_DIR" >"$B/release.yml" || fail "The release step of ${names[-1]} failed"
  install -o "$APP_ID" -g "$APP_ID" -m 0644 "$B/release.yml" "$BUILD_DIR/.release"
fi
