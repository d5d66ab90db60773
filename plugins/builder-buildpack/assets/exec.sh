#!/bin/bash
# berth buildpack image entry point: runs its arguments (default: /start web) in the Heroku runtime
# environment: HOME=/app, working directory /app, the app's .profile.d/*.sh and .profile sourced.
# Every container of the image goes through it, whatever command a scheduler or `run` gives.
export HOME=/app
cd /app || exit 1
if [ -z "${BERTH_PROFILE_LOADED:-}" ]; then
  shopt -s nullglob
  for f in /app/.profile.d/*.sh; do . "$f"; done
  shopt -u nullglob
  if [ -r /app/.profile ]; then . /app/.profile; fi
  export BERTH_PROFILE_LOADED=1
fi
[ "$#" -gt 0 ] || set -- /start web
exec "$@"
