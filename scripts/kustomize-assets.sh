#!/usr/bin/env bash
# Prints the absolute path of a directory that holds an executable `kustomize`, for the tests
# that build the synthesised cluster folders as a GitOps controller would. Only that path goes
# to stdout; progress goes to stderr.
#
# Resolution order:
#   1. $MCC_KUSTOMIZE_ASSETS, when it holds `kustomize`;
#   2. the per-user cache
#      ${MCC_KUSTOMIZE_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/kustomize-assets}/<version>/;
#   3. `go install` of sigs.k8s.io/kustomize/kustomize/v5 through the module proxy, stored into
#      that cache.
#
# Why v5.8.2: it is built on sigs.k8s.io/kustomize/api v0.21.2 and its go.mod asks for Go
# 1.26.0; v5.8.3 asks for Go 1.27. Its go.mod has no replace lines, so `go install
# module@version` builds it as released, with no wrapper module.
#
# Overrides: MCC_KUSTOMIZE_VERSION (default below).
set -euo pipefail

VERSION="${MCC_KUSTOMIZE_VERSION:-v5.8.2}"
MODULE=sigs.k8s.io/kustomize/kustomize/v5
CACHE_ROOT="${MCC_KUSTOMIZE_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/kustomize-assets}"
TARGET="${CACHE_ROOT}/${VERSION}"

ASSET=kustomize-assets
# shellcheck source=scripts/asset-cache.lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/asset-cache.lib.sh"

has_bins() { [[ -n "$1" && -x "$1/kustomize" && -f "$1/kustomize" ]]; }

use_override MCC_KUSTOMIZE_ASSETS
use_cache "$TARGET"

command -v go >/dev/null 2>&1 || die "'go' was not found on PATH; install Go >= 1.26 (the go directive of ${MODULE}@${VERSION}) with the Go module proxy reachable, or set MCC_KUSTOMIZE_ASSETS to a directory holding kustomize ${VERSION}."

start_build "$CACHE_ROOT" "${VERSION}" "$TARGET"
BIN="$WORK/bin"
mkdir -p "$BIN"
log "building kustomize ${VERSION} with $(go version) (GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"

json=$(go mod download -json "${MODULE}@${VERSION}") || true
GOMOD=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
if [[ -z "$GOMOD" || ! -f "$GOMOD" ]]; then
  printf '%s\n' "$json" >&2
  die "could not download ${MODULE}@${VERSION} through $(go env GOPROXY)"
fi
need=$(awk '$1 == "go" { print $2; exit }' "$GOMOD")
have=$(go env GOVERSION | sed 's/^go//; s/[^0-9.].*$//')
if [[ -n "$need" ]] && ! version_ge "$have" "$need"; then
  [[ "$(go env GOTOOLCHAIN)" == local* ]] && die "Go ${have} is too old: kustomize ${VERSION} needs Go >= ${need}; install it, or pick an older release with MCC_KUSTOMIZE_VERSION"
  log "Go ${have} < ${need}; relying on GOTOOLCHAIN=$(go env GOTOOLCHAIN)"
fi

# Outside any module, `go install module@version` resolves the release's own go.mod, whatever
# a caller's GOFLAGS (-mod=vendor, say) would otherwise make of the working directory.
cd "$WORK"
step "go install ${MODULE}@${VERSION}" env GOFLAGS=-mod=mod GOBIN="$BIN" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "${MODULE}@${VERSION}"

# The version comes from the module's build info, so it shows what was really built.
REPORTED=$("$BIN/kustomize" version 2>&1 || true)
log "built: kustomize version -> ${REPORTED}"
[[ "$REPORTED" == *"${VERSION}"* ]] || die "kustomize reports '${REPORTED}', expected ${VERSION}"
install_build "$BIN" "$TARGET" \
  "kustomize=${VERSION}"
