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

START=$EPOCHREALTIME
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[kustomize-assets +%6ss] %s\n' "$(since "$START")" "$*" >&2; }
die() { printf '[kustomize-assets] ERROR: %s\n' "$*" >&2; exit 1; }

# Runs a command as a named step, logging its duration (and peak RSS when GNU time exists).
# The command's stdout goes to stderr so that stdout stays a single path line.
step() {
  local name="$1"; shift
  local t0=$EPOCHREALTIME rc=0 timefile=""
  log "start: ${name}"
  if [[ -x /usr/bin/time ]]; then
    timefile=$(mktemp)
    /usr/bin/time -f '%M' -o "$timefile" "$@" >&2 || rc=$?
    # GNU time reports the largest single process in the tree, not the sum of all of them.
    log "done:  ${name} in $(since "$t0")s (largest process peak RSS $(tail -n1 "$timefile") KiB, rc=${rc})"
    rm -f "$timefile"
  else
    "$@" >&2 || rc=$?
    log "done:  ${name} in $(since "$t0")s (rc=${rc})"
  fi
  return "$rc"
}

has_bin() { [[ -n "$1" && -x "$1/kustomize" && -f "$1/kustomize" ]]; }
emit() { (cd "$1" && pwd -P); exit 0; }

if [[ -n "${MCC_KUSTOMIZE_ASSETS:-}" ]]; then
  has_bin "$MCC_KUSTOMIZE_ASSETS" && { log "using MCC_KUSTOMIZE_ASSETS=${MCC_KUSTOMIZE_ASSETS}"; emit "$MCC_KUSTOMIZE_ASSETS"; }
  log "MCC_KUSTOMIZE_ASSETS=${MCC_KUSTOMIZE_ASSETS} lacks kustomize; falling back to the cache"
fi
# The directory only ever appears through a rename, so a hit needs no lock.
if has_bin "$TARGET"; then log "cache hit: ${TARGET}"; emit "$TARGET"; fi

command -v go >/dev/null 2>&1 || die "'go' was not found on PATH; install Go >= 1.26 (the go directive of ${MODULE}@${VERSION}) with the Go module proxy reachable, or set MCC_KUSTOMIZE_ASSETS to a directory holding kustomize ${VERSION}."
command -v flock >/dev/null 2>&1 || die "'flock' (util-linux) is required to serialise concurrent builds"

mkdir -p "$CACHE_ROOT"
exec 9>"${CACHE_ROOT}/.${VERSION}.lock"
if ! flock -n 9; then
  log "another process is building ${VERSION}; waiting"
  step "wait for build lock" flock 9
fi
if has_bin "$TARGET"; then log "cache filled by a concurrent build: ${TARGET}"; emit "$TARGET"; fi
[[ -e "$TARGET" ]] && { log "removing incomplete ${TARGET}"; rm -rf "$TARGET"; }

# Same filesystem as the cache, so the final `mv` is an atomic rename.
WORK=$(mktemp -d "${CACHE_ROOT}/.build-${VERSION}.XXXXXX")
# shellcheck disable=SC2317 # invoked through the trap
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
BIN="$WORK/bin"
mkdir -p "$BIN"
log "building kustomize ${VERSION} with $(go version) (GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"

json=$(go mod download -json "${MODULE}@${VERSION}") || true
GOMOD=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
if [[ -z "$GOMOD" || ! -f "$GOMOD" ]]; then
  printf '%s\n' "$json" >&2
  die "could not download ${MODULE}@${VERSION} through $(go env GOPROXY)"
fi
version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]; }
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
{
  echo "kustomize=${VERSION}"
  echo "go=$(go env GOVERSION)"
  echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "seconds=$(since "$START")"
} >"$BIN/BUILD-INFO"
mv -T "$BIN" "$TARGET"
log "installed into ${TARGET}"
emit "$TARGET"
