#!/bin/sh
# A local certificate authority and a server certificate it signs, for tests without a public CA.
#   sh docker/make-selfsigned.sh [OUT_DIR] [NAME_OR_IP]...
# OUT_DIR defaults to docker/certs (what docker-compose.yml mounts); the names default to localhost
# and 127.0.0.1. Writes tls.crt + tls.key (the names cert-manager and kubernetes.io/tls Secrets use)
# and ca.crt: hand ca.crt to the player's machine as SSL_CERT_FILE, since the DLL verifies the chain
# against OpenSSL's default CA paths (it checks no host name, so the names only matter to other clients).
# Needs only openssl. Existing files are replaced.
set -eu

out=${1:-$(dirname "$0")/certs}
[ $# -gt 0 ] && shift
[ $# -eq 0 ] && set -- localhost 127.0.0.1

san=""
for name in "$@"; do
  case $name in
    *:*) entry="IP:$name" ;;         # IPv6 literal
    *[!0-9.]*) entry="DNS:$name" ;; # anything but digits and dots
    *) entry="IP:$name" ;;
  esac
  san="${san:+$san,}$entry"
done

mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=p2p-coordinator local CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
  "$san" >"$work/ext.cnf"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 825 \
  -extfile "$work/ext.cnf" -out "$work/tls.crt" 2>/dev/null

cp "$work/tls.crt" "$work/ca.crt" "$out/"
# The coordinator runs as uid 1000 (the image's node user) and must read the key; these are test keys.
cp "$work/tls.key" "$out/tls.key"
chmod 0644 "$out/tls.crt" "$out/ca.crt" "$out/tls.key"
echo "wrote $out/tls.crt, $out/tls.key and $out/ca.crt for: $*"
