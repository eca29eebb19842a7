#!/usr/bin/env bash
# Installs the Debian packages the tests need when any is missing (as root, through apt-get);
# otherwise says which to install. `npm test` and .ci/run run it first, so that the README's
# two-command quick start holds on a fresh Debian machine.
#
# - the harness: network and mount namespaces (iproute2, util-linux), socat to bridge them,
#   openssl for its certificates, chroot for the operators' image roots;
# - the Go-built test binaries: Go, when the machine has none;
# - the Argo CD health checks: Lua 5.1 (Argo CD runs gopher-lua), unless $MCC_LUA names one.
set -euo pipefail

need=()
command -v openssl >/dev/null || need+=(openssl)
command -v go >/dev/null || need+=(golang-go)
command -v socat >/dev/null || need+=(socat)
command -v ip >/dev/null || need+=(iproute2)
for tool in setpriv unshare flock nsenter; do command -v "$tool" >/dev/null || { need+=(util-linux); break; }; done
command -v chroot >/dev/null || need+=(coreutils)
[ -n "${MCC_LUA:-}" ] || command -v lua5.1 >/dev/null || need+=(lua5.1)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "[system-packages] installing Debian packages: ${need[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
else
  echo "[system-packages] the tests need these Debian packages: ${need[*]} (apt-get install ${need[*]}, as root)" >&2
  exit 1
fi
