#!/usr/bin/env bash
# Prints the absolute path of a directory that holds an executable `cass-operator` of one
# release, for the test that upgrades a data plane's cass-operator (the pinned pair's
# cass-operator comes with scripts/operator-assets.sh). Only that path goes to stdout;
# progress goes to stderr.
#
# Resolution order:
#   1. $MCC_CASS_OPERATOR_RELEASE_ASSETS, when it holds `cass-operator`;
#   2. the per-user cache
#      ${MCC_OPERATOR_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/operator-assets}/cass-operator-<version>/;
#   3. a build from the source archive in ${MCC_UPSTREAM_SRC:-<repo>/../shared/upstream-src},
#      extracted into a temporary directory outside the clone, stored into that cache.
#
# Why v1.32.0: it is the one cass-operator release besides the pinned v1.30.3 whose sources
# are at hand, so it is the release a data plane is upgraded to in that test.
#
# Overrides: MCC_CASS_OPERATOR_RELEASE (default below).
set -euo pipefail

VERSION="${MCC_CASS_OPERATOR_RELEASE:-v1.32.0}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
SRC_DIR="${MCC_UPSTREAM_SRC:-$HERE/../../shared/upstream-src}"
CACHE_ROOT="${MCC_OPERATOR_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/operator-assets}"
KEY="cass-operator-${VERSION}"
TARGET="${CACHE_ROOT}/${KEY}"

ASSET=cass-operator-assets
# shellcheck source=scripts/asset-cache.lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/asset-cache.lib.sh"

has_bins() { [[ -n "$1" && -x "$1/cass-operator" && -f "$1/cass-operator" ]]; }

use_override MCC_CASS_OPERATOR_RELEASE_ASSETS
use_cache "$TARGET"

command -v go >/dev/null 2>&1 || die "'go' was not found on PATH; install Go (the go directive of cass-operator ${VERSION}), or set MCC_CASS_OPERATOR_RELEASE_ASSETS to a directory holding cass-operator ${VERSION}."
[[ -f "$SRC_DIR/cass-operator-${VERSION}.tar.gz" ]] || die "missing $SRC_DIR/cass-operator-${VERSION}.tar.gz; set MCC_UPSTREAM_SRC to the directory holding the upstream source archives"

start_build "$CACHE_ROOT" "${KEY}" "$TARGET"
BIN="$WORK/bin"
mkdir -p "$BIN"
log "building ${KEY} with $(go version) (GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"
tar -xzf "$SRC_DIR/cass-operator-${VERSION}.tar.gz" -C "$WORK"
cd "$WORK/cass-operator-${VERSION}"
step "go build cass-operator ${VERSION}" env CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath \
  -ldflags "-s -w" -o "$BIN/cass-operator" ./cmd
install_build "$BIN" "$TARGET" \
  "cass-operator=${VERSION}"
