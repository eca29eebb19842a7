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

START=$EPOCHREALTIME
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[promtool-assets +%6ss] %s\n' "$(since "$START")" "$*" >&2; }
die() { printf '[promtool-assets] ERROR: %s\n' "$*" >&2; exit 1; }

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

has_bin() { [[ -n "$1" && -x "$1/promtool" && -f "$1/promtool" ]]; }
emit() { (cd "$1" && pwd -P); exit 0; }

if [[ -n "${MCC_PROMTOOL_ASSETS:-}" ]]; then
  has_bin "$MCC_PROMTOOL_ASSETS" && { log "using MCC_PROMTOOL_ASSETS=${MCC_PROMTOOL_ASSETS}"; emit "$MCC_PROMTOOL_ASSETS"; }
  log "MCC_PROMTOOL_ASSETS=${MCC_PROMTOOL_ASSETS} lacks promtool; falling back to the cache"
fi
# The directory only ever appears through a rename, so a hit needs no lock.
if has_bin "$TARGET"; then log "cache hit: ${TARGET}"; emit "$TARGET"; fi

command -v go >/dev/null 2>&1 || die "'go' was not found on PATH; install Go (the go directive of ${MODULE}@${VERSION}'s go.mod names the minimum) with the Go module proxy reachable, or set MCC_PROMTOOL_ASSETS to a directory holding promtool."
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

version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]; }
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
{
  echo "prometheus=${VERSION}"
  echo "release=${RELEASE}"
  echo "tags=${TAGS}"
  echo "go=$(go env GOVERSION)"
  echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "seconds=$(since "$START")"
} >"$BIN/BUILD-INFO"
mv -T "$BIN" "$TARGET"
log "installed into ${TARGET}"
emit "$TARGET"
