#!/bin/bash
# berth buildpack image command: /start TYPE runs the command of process type TYPE (default web)
# from the image's process table (Procfile entries over the buildpack's default_process_types),
# in the Heroku runtime environment (see /exec, the image's entry point, which loads it).
if [ -z "${BERTH_PROFILE_LOADED:-}" ]; then exec /exec /start "$@"; fi

type=${1:-web}
table=/usr/local/lib/berth/processes
if [ -r "$table" ]; then
  while IFS= read -r line; do
    if [ "${line%%:*}" = "$type" ]; then
      command=${line#*:}
      exec bash -c "${command# }"
    fi
  done <"$table"
fi
known=$(cut -d: -f1 "$table" 2>/dev/null | tr '\n' ' ')
echo "berth: unknown process type '$type' (this image has: ${known:-none})" >&2
exit 127
