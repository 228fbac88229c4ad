#!/usr/bin/env bash
# Makes sure Dovecot's binaries are installed, for the tests and benchmark that run a private
# Dovecot (their own configuration, port and directories; see DovecotServer in the test tree).
# The Debian package's own service is kept from starting: nothing here needs it.
set -euo pipefail
if command -v dovecot >/dev/null 2>&1 && command -v doveadm >/dev/null 2>&1; then
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  echo "ensure-dovecot: Dovecot is not installed; install dovecot-imapd (Debian) or run as root" >&2
  exit 1
fi
echo "ensure-dovecot: installing dovecot-imapd from Debian's packages" >&2
policy=/usr/sbin/policy-rc.d
created_policy=false
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=true
fi
trap '[[ "$created_policy" == true ]] && rm -f "$policy"' EXIT
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null
