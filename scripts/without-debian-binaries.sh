#!/usr/bin/env bash
# Runs a command as on a machine with Node alone (see test/README.md): in a private mount
# namespace where slapd, ldapadd, nginx, oathtool, chromium (and slapd's modules, chromium's
# files, the system fonts) do not exist. Needs root or unprivileged user namespaces (unshare).
# usage: scripts/without-debian-binaries.sh npm test
set -euo pipefail
if [ "${1:-}" != "--inside" ]; then
  if [ "$(id -u)" -eq 0 ]; then exec unshare -m --propagation private bash "$0" --inside "$@"; fi
  exec unshare -rm --propagation private bash "$0" --inside "$@"
fi
shift
HIDE_BIN=(oathtool chromium ldapadd ldapmodify ldapsearch ldapdelete slapadd slaptest)
work=$(mktemp -d /tmp/nodeonly.XXXXXX)
mkdir -p "$work/real" "$work/farm"
mount --bind /usr/bin "$work/real"
for entry in "$work/real"/*; do
  name=$(basename "$entry")
  skip=0
  for hidden in "${HIDE_BIN[@]}"; do [ "$name" = "$hidden" ] && skip=1; done
  [ $skip -eq 1 ] && continue
  target=$(readlink -f "/usr/bin/$name" || true)
  case "$target" in
    /usr/bin/*|"") ln -s "$work/real/${target#/usr/bin/}" "$work/farm/$name" ;;
    *) ln -s "$target" "$work/farm/$name" ;;
  esac
done
mount --bind "$work/farm" /usr/bin
for dir in /usr/sbin /usr/lib/ldap /usr/lib/chromium /usr/share/fonts; do
  [ -d "$dir" ] && mount -t tmpfs none "$dir"
done
exec "$@"
