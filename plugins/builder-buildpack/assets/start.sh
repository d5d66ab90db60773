#!/bin/bash
# berth buildpack image entry point: /start TYPE runs the command of process type TYPE (default web)
# from the image's process table (Procfile entries over the buildpack's default_process_types),
# in the Heroku runtime environment: HOME=/app, the app's .profile.d scripts and .profile sourced.
export HOME=/app
cd /app || exit 1
shopt -s nullglob
for f in /app/.profile.d/*.sh; do . "$f"; done
[ -r /app/.profile ] && . /app/.profile
shopt -u nullglob

type=${1:-web}
table=/usr/local/lib/berth/processes
while IFS= read -r line; do
  if [ "${line%%:*}" = "$type" ]; then
    command=${line#*:}
    exec bash -c "${command# }"
  fi
done <"$table"
known=$(cut -d: -f1 "$table" | tr '\n' ' ')
echo "berth: unknown process type '$type' (this image has: ${known:-none})" >&2
exit 127
