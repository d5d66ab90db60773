#!/usr/bin/env bash
# Set up berth on a Debian host as root.
#   ./bootstrap.sh          install berth, then deploy the bundled sample app by git push and print its URL
#   ./bootstrap.sh --deps   only what the test suite needs (packages, daemons, node modules, build)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
here=$(pwd)
log() { printf -- '-----> %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "bootstrap.sh must run as root (try: sudo $0 $*)" >&2
  exit 1
fi

deps() {
  bash bootstrap/host-packages.sh
  bash bootstrap/start-daemons.sh
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "Installing node modules"
    # npm ci rejects this lock file over optional platform bindings it never installs (an npm 11 quirk)
    npm install --no-audit --no-fund --loglevel=error
  fi
  log "Building berth"
  npm run --silent build
}

install_platform() {
  for name in berth dokku; do ln -sfn "$here/bin/berth" "/usr/local/bin/$name"; done
  ln -sfn "$here/bin/plugn" /usr/local/bin/plugn
  ln -sfn "$here/bin/sigil" /usr/local/bin/sigil
  log "Installing the platform (plugins, platform user, nginx, stack image)"
  berth install
  bash bootstrap/start-daemons.sh
}

deploy_sample() {
  local key=/root/.ssh/id_ed25519 app=sample work
  if [ ! -f "$key" ]; then
    mkdir -p /root/.ssh && chmod 700 /root/.ssh
    ssh-keygen -q -t ed25519 -N '' -C "root@$(hostname)" -f "$key"
  fi
  # The key root pushes with must be registered, whatever name an earlier run (or an older key) took.
  local fingerprint keys name=admin
  fingerprint=$(ssh-keygen -lf "$key.pub" | awk '{print $2}')
  keys=$(berth ssh-keys:list --format json 2>/dev/null || true)
  if ! grep -qF "\"fingerprint\":\"$fingerprint\"" <<<"$keys"; then
    if grep -q '"name":"admin"' <<<"$keys"; then name="admin-$(date +%s)"; fi
    berth ssh-keys:add "$name" "$key.pub" >/dev/null
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  cp -a fixtures/apps/sample/. "$work/"
  git -C "$work" init -q -b main
  git -C "$work" add -A
  git -C "$work" -c user.name=berth -c user.email=berth@localhost commit -qm "Sample app"
  log "Deploying the sample app with git push"
  GIT_SSH_COMMAND="ssh -i $key -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new" \
    git -C "$work" push --force "berth@localhost:$app" main
  local url
  url=$(berth url "$app")
  log "Checking $url through nginx"
  curl -fsS --max-time 10 -H "Host: ${url#*://}" "http://127.0.0.1/" >/dev/null
  echo "$url"
}

case "${1:-}" in
  --deps) deps ;;
  "") deps; install_platform; deploy_sample ;;
  *) echo "usage: $0 [--deps]" >&2; exit 2 ;;
esac
