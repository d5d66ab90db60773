#!/bin/sh
# The config (with requirepass) is mounted read-only from the host at /etc/berth-redis; redis reads a
# private copy. An RDB left at /data/import.rdb by redis:import replaces the data before the server starts.
set -eu
mkdir -p /data
chown redis:redis /data
if [ -f /data/import.rdb ]; then
  mv -f /data/import.rdb /data/dump.rdb
  chown redis:redis /data/dump.rdb
  echo "berth: loading imported RDB"
fi
install -m 600 -o redis -g redis /etc/berth-redis/redis.conf /run/redis.conf
exec setpriv --reuid=redis --regid=redis --init-groups redis-server /run/redis.conf
