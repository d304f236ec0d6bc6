#!/bin/sh
# Starts coturn with turnserver.conf plus the shared secret from the environment, so the secret is
# neither in a committed file nor on a command line (other users of the host can read those in ps).
#   TURN_SECRET       required: the coordinator's TURN_SECRET
#   TURN_EXTERNAL_IP  optional: the public address when this host is behind NAT (cloud VMs), as
#                     PUBLIC or PUBLIC/PRIVATE
#   TURN_CONFIG       optional: the options file (default /etc/coturn/turnserver.conf)
set -eu
: "${TURN_SECRET:?TURN_SECRET must be the coordinator's TURN_SECRET}"
umask 077
conf=$(mktemp)
cat "${TURN_CONFIG:-/etc/coturn/turnserver.conf}" >"$conf"
printf '\nstatic-auth-secret=%s\n' "$TURN_SECRET" >>"$conf"
if [ -n "${TURN_EXTERNAL_IP:-}" ]; then
  printf 'external-ip=%s\n' "$TURN_EXTERNAL_IP" >>"$conf"
fi
exec turnserver -c "$conf"
