#!/usr/bin/env bash
# Prints the absolute path of a directory that holds an executable `promtool`, which the
# alert-rule tests run as `promtool check rules` and `promtool test rules`. Only that path goes
# to stdout; progress goes to stderr.
#
# Resolution order:
#   1. $MCC_PROMTOOL_ASSETS, when it holds an executable promtool;
#   2. the per-user cache
#      ${MCC_PROMTOOL_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/promtool}/<version>/;
#   3. a build of github.com/prometheus/prometheus/cmd/promtool through the Go module proxy,
#      stored into that cache.
# (The tests look at $MCC_PROMTOOL, the path of a promtool executable, before running this.)
#
# Release tarballs are not used because GitHub releases are unreachable from the machines this
# project runs on; only the Go module proxy is. The Prometheus 3.x releases are tagged
# v0.3MM.P in Go (3.16.0 is v0.316.0).
#
# Overrides: MCC_PROMTOOL_VERSION (default below).
set -euo pipefail

VERSION="${MCC_PROMTOOL_VERSION:-v0.316.0}"
MODULE=github.com/prometheus/prometheus
CACHE_ROOT="${MCC_PROMTOOL_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/promtool}"
TARGET="${CACHE_ROOT}/${VERSION}"

ASSET=promtool-assets
# shellcheck source=scripts/asset-cache.lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/asset-cache.lib.sh"

has_bins() { [[ -n "$1" && -x "$1/promtool" && -f "$1/promtool" ]]; }

use_override MCC_PROMTOOL_ASSETS
use_cache "$TARGET"

command -v go >/dev/null 2>&1 || die "'go' was not found on PATH; install Go (the go directive of ${MODULE}@${VERSION}'s go.mod names the minimum) with the Go module proxy reachable, or set MCC_PROMTOOL_ASSETS to a directory holding promtool."

start_build "$CACHE_ROOT" "${VERSION}" "$TARGET"
BIN="$WORK/bin"
mkdir -p "$BIN"
log "building promtool ${VERSION} with $(go version) (GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"

T0=$EPOCHREALTIME
json=$(go mod download -json "${MODULE}@${VERSION}") || true
DIR=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
GOMOD=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
if [[ -z "$DIR" || ! -d "$DIR" ]]; then
  printf '%s\n' "$json" >&2
  die "could not download ${MODULE}@${VERSION} through $(go env GOPROXY)"
fi
log "done:  download ${MODULE}@${VERSION} in $(since "$T0")s"

need=$(awk '$1 == "go" { print $2; exit }' "$GOMOD")
have=$(go env GOVERSION | sed 's/^go//; s/[^0-9.].*$//')
if [[ -n "$need" ]] && ! version_ge "$have" "$need"; then
  [[ "$(go env GOTOOLCHAIN)" == local* ]] && die "Go ${have} is too old: ${MODULE}@${VERSION} needs Go >= ${need}"
  log "Go ${have} < ${need}; relying on GOTOOLCHAIN=$(go env GOTOOLCHAIN)"
fi
# `go install pkg@version` refuses a module whose go.mod replaces or excludes anything; a
# version that does would need a wrapper module like the one in scripts/cert-manager-assets.sh.
if grep -qE '^[[:space:]]*(replace|exclude)\b' "$GOMOD"; then
  die "${MODULE}@${VERSION}'s go.mod has replace or exclude directives, which 'go install ${MODULE}/cmd/promtool@${VERSION}' refuses; build it through a wrapper module instead"
fi

# The release's own version string (3.16.0), which `promtool --version` prints.
RELEASE=$(tr -d '[:space:]' <"$DIR/VERSION")
[[ -n "$RELEASE" ]] || die "${DIR}/VERSION is empty"
PKG=github.com/prometheus/common/version
LDFLAGS="-s -w -X ${PKG}.Version=${RELEASE} -X ${PKG}.Branch=HEAD -X ${PKG}.BuildDate=$(date -u +%Y%m%d-%H:%M:%S)"
# remove_all_sd drops the optional service discoveries (cloud SDKs, Kubernetes client), which
# `check rules` and `test rules` never use and which are most of the build; upstream's README
# documents the tag. netgo is what upstream's release build sets.
TAGS=remove_all_sd,netgo
step "go install ${MODULE}/cmd/promtool@${VERSION} (tags ${TAGS})" \
  env CGO_ENABLED=0 GOBIN="$BIN" \
  go install -trimpath -tags "$TAGS" -ldflags "$LDFLAGS" "${MODULE}/cmd/promtool@${VERSION}"

reported=$("$BIN/promtool" --version 2>&1 | head -n1 || true)
log "built: ${reported}"
[[ "$reported" == *"version ${RELEASE} "* ]] || die "promtool reports '${reported}', expected version ${RELEASE}"
install_build "$BIN" "$TARGET" \
  "prometheus=${VERSION}" \
  "release=${RELEASE}" \
  "tags=${TAGS}"
