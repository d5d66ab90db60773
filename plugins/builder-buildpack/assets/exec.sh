#!/bin/bash
# berth buildpack image helper: /exec CMD ARGS... runs a command in the app's runtime environment
# (HOME=/app, .profile.d and .profile sourced), for one-off processes.
export HOME=/app
cd /app || exit 1
shopt -s nullglob
for f in /app/.profile.d/*.sh; do . "$f"; done
[ -r /app/.profile ] && . /app/.profile
shopt -u nullglob
[ "$#" -gt 0 ] || set -- bash
exec "$@"
