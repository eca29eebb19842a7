#!/usr/bin/env bash
# Prints the absolute path of a directory that holds executable cert-manager `controller` and
# `cainjector` binaries and, under `crds/`, cert-manager's own CustomResourceDefinitions of the
# same release. Only that path goes to stdout; progress goes to stderr.
#
# Resolution order:
#   1. $MCC_CERT_MANAGER_ASSETS, when it holds both binaries and the CRDs;
#   2. the per-user cache
#      ${MCC_CERT_MANAGER_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/cert-manager-assets}/<version>/;
#   3. a build from the Go module github.com/cert-manager/cert-manager through the module
#      proxy, stored into that cache.
#
# Why v1.11.5: from v1.12 on, the main packages live in nested modules
# (github.com/cert-manager/cert-manager/controller-binary in cmd/controller, ...) that are never
# tagged, so the module proxy cannot serve them, and their app packages import the root
# module's internal packages, so nothing outside that source tree can rebuild them. v1.11.5 is
# the newest release whose root module still contains cmd/controller and cmd/cainjector.
#
# Overrides: MCC_CERT_MANAGER_VERSION (default below). MCC_CERT_MANAGER_NO_BUILD=1 fails instead
# of building on a cache miss.
set -euo pipefail

VERSION="${MCC_CERT_MANAGER_VERSION:-v1.11.5}"
MODULE=github.com/cert-manager/cert-manager
CACHE_ROOT="${MCC_CERT_MANAGER_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/cert-manager-assets}"
TARGET="${CACHE_ROOT}/${VERSION}"
BINARIES=(controller cainjector)

ASSET=cert-manager-assets
# shellcheck source=scripts/asset-cache.lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/asset-cache.lib.sh"

has_bins() {
  [[ -n "$1" ]] || return 1
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$1/$b" && -f "$1/$b" ]] || return 1; done
  compgen -G "$1/crds/*.yaml" >/dev/null
}

use_override MCC_CERT_MANAGER_ASSETS
use_cache "$TARGET"
# Callers that have a fallback ask not to wait for a cold build.
[[ -z "${MCC_CERT_MANAGER_NO_BUILD:-}" ]] || die "cert-manager ${VERSION} is not built (no ${TARGET}); run scripts/cert-manager-assets.sh once to build it"

command -v go >/dev/null 2>&1 || die "'go' was not found on PATH; install Go (cert-manager ${VERSION}'s go.mod names the minimum) with the Go module proxy reachable, or set MCC_CERT_MANAGER_ASSETS to a directory holding ${BINARIES[*]} and crds/*.yaml."

start_build "$CACHE_ROOT" "${VERSION}" "$TARGET"
BIN="$WORK/bin"
mkdir -p "$BIN/crds"
log "building cert-manager ${VERSION} with $(go version) (GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"

json=$(go mod download -json "${MODULE}@${VERSION}") || true
DIR=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
GOMOD=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
if [[ -z "$DIR" || ! -d "$DIR" ]]; then
  printf '%s\n' "$json" >&2
  die "could not download ${MODULE}@${VERSION} through $(go env GOPROXY)"
fi
for b in "${BINARIES[@]}"; do
  [[ -f "$DIR/cmd/$b/main.go" && ! -f "$DIR/cmd/$b/go.mod" ]] \
    || die "${MODULE}@${VERSION} has no cmd/$b main package in its root module (v1.12 and later keep it in an untagged nested module); use MCC_CERT_MANAGER_VERSION=v1.11.5 or set MCC_CERT_MANAGER_ASSETS"
done

need=$(awk '$1 == "go" { print $2; exit }' "$GOMOD")
have=$(go env GOVERSION | sed 's/^go//; s/[^0-9.].*$//')
if [[ -n "$need" ]] && ! version_ge "$have" "$need"; then
  [[ "$(go env GOTOOLCHAIN)" == local* ]] && die "Go ${have} is too old: cert-manager ${VERSION} needs Go >= ${need}"
  log "Go ${have} < ${need}; relying on GOTOOLCHAIN=$(go env GOTOOLCHAIN)"
fi

# A dependency's replace lines are ignored, so the wrapper repeats upstream's (all of them
# module-to-module: a local path would not exist outside the repository).
mapfile -t REPLACES < <(awk '
  $1 == "replace" && $2 == "(" { inblock = 1; next }
  inblock && $1 == ")" { inblock = 0; next }
  $1 == "replace" { $1 = ""; $0 = $0; print; next }
  inblock && /=>/ { print }
' "$GOMOD")

mkdir -p "$WORK/wrapper"
cd "$WORK/wrapper"
go mod init local/cert-manager-build >&2
args=()
for r in "${REPLACES[@]}"; do
  # "old [v] => new [v]" becomes -replace=old[@v]=new[@v].
  read -r -a f <<<"${r/=>/ => }"
  left="${f[0]}"; i=1
  [[ "${f[1]}" != "=>" ]] && { left+="@${f[1]}"; i=2; }
  right="${f[$((i + 1))]}"
  [[ -n "${f[$((i + 2))]:-}" ]] && right+="@${f[$((i + 2))]}"
  [[ "$right" == .* || "$right" == /* ]] && die "upstream replaces ${left} by the local path ${right}; the wrapper cannot reproduce that"
  args+=("-replace=${left}=${right}")
done
[[ ${#args[@]} -eq 0 ]] || { log "upstream replaces copied into the wrapper: ${args[*]}"; go mod edit "${args[@]}"; }

step "go get ${MODULE} cmd/controller and cmd/cainjector @${VERSION}" \
  go get "${MODULE}/cmd/controller@${VERSION}" "${MODULE}/cmd/cainjector@${VERSION}"

# Upstream's Makefile sets these two; the commit is not known from a module download.
LDFLAGS="-s -w -X ${MODULE}/pkg/util.AppVersion=${VERSION} -X ${MODULE}/pkg/util.AppGitCommit="
# Sequential on purpose: each build already uses every core, and the second reuses the
# first's packages through the build cache.
for b in "${BINARIES[@]}"; do
  step "go build ${b}" env CGO_ENABLED=0 go build -trimpath -ldflags "$LDFLAGS" -o "$BIN/$b" "${MODULE}/cmd/$b"
done

# The CRDs of the same release, so the harness never depends on the module cache at test time.
cp "$DIR"/deploy/crds/*.yaml "$BIN/crds/"
chmod u+w "$BIN"/crds/*.yaml
log "copied $(find "$BIN/crds" -name '*.yaml' | wc -l) CRD files from ${DIR}/deploy/crds"

# The controller's default ACME solver image is tagged with AppVersion: proof the ldflags took.
"$BIN/controller" --help 2>&1 | grep -qF "cert-manager-acmesolver:${VERSION}\"" \
  || die "controller --help does not default to the ${VERSION} solver image; AppVersion was not set"
install_build "$BIN" "$TARGET" \
  "cert-manager=${VERSION}"
