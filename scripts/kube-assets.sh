#!/usr/bin/env bash
# Prints the absolute path of a directory that holds executable `kube-apiserver` and `etcd`
# binaries for the integration tests. Only that path goes to stdout; progress goes to stderr.
#
# Resolution order:
#   1. $KUBEBUILDER_ASSETS, when it holds both binaries (same variable envtest uses);
#   2. the per-user cache
#      ${MCC_KUBE_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/kube-assets}/<k8s>-<etcd>/;
#   3. a build from Go modules through the module proxy, stored into that cache.
#
# Release binaries are not used because dl.k8s.io and GitHub releases are unreachable from
# the machines this project runs on; only the Go module proxy is.
#
# Overrides: MCC_K8S_VERSION (default below), MCC_ETCD_VERSION (default below).
set -euo pipefail

# v1.34.11 and v1.34.12 are on the module proxy but have no checksum-database entry yet, so
# they cannot be verified; v1.34.10 is the newest 1.34 patch that resolves with verification.
K8S_VERSION="${MCC_K8S_VERSION:-v1.34.10}"
ETCD_VERSION="${MCC_ETCD_VERSION:-v3.6.16}"
# Minimum Go for the default pair: etcd v3.6.16's go.mod says `go 1.26.0`,
# k8s.io/kubernetes v1.34.10's says `go 1.24.0`. Recomputed from the real go.mod files below.
DEFAULT_MIN_GO="1.26.0"

CACHE_ROOT="${MCC_KUBE_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/kube-assets}"
KEY="${K8S_VERSION}-${ETCD_VERSION}"
TARGET="${CACHE_ROOT}/${KEY}"

ASSET=kube-assets
# shellcheck source=scripts/asset-cache.lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/asset-cache.lib.sh"

has_bins() {
  [[ -n "$1" && -x "$1/kube-apiserver" && -f "$1/kube-apiserver" && -x "$1/etcd" && -f "$1/etcd" ]]
}

# 1. Explicitly provided assets.
use_override KUBEBUILDER_ASSETS
# 2. Cache hit without taking the lock: the directory only ever appears through a rename.
use_cache "$TARGET"

# 3. Build.
if ! command -v go >/dev/null 2>&1; then
  if [[ -z "${MCC_K8S_VERSION:-}${MCC_ETCD_VERSION:-}" ]]; then
    need_go="Go >= ${DEFAULT_MIN_GO} (the go directive of etcd ${ETCD_VERSION}'s go.mod; k8s.io/kubernetes ${K8S_VERSION} needs >= 1.24.0)"
  else
    need_go="Go >= the highest go directive of k8s.io/kubernetes@${K8S_VERSION} and go.etcd.io/etcd/server/v3@${ETCD_VERSION} go.mod files"
  fi
  die "'go' was not found on PATH. Install ${need_go} from https://go.dev/dl/ (the Go module proxy must be reachable), or set KUBEBUILDER_ASSETS to a directory containing executable kube-apiserver (Kubernetes ${K8S_VERSION}) and etcd (${ETCD_VERSION})."
fi

start_build "$CACHE_ROOT" "${KEY}" "$TARGET"
log "building Kubernetes ${K8S_VERSION} kube-apiserver and etcd ${ETCD_VERSION} with $(go version)"
log "GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE) GOPROXY=$(go env GOPROXY)"

# Prints the path of a module's go.mod inside the module cache, downloading it if needed.
gomod_of() {
  local json path
  # On failure `go mod download` still prints JSON with an "Error" field; show it below.
  json=$(go mod download -json "$1") || true
  path=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
  if [[ -z "$path" || ! -f "$path" ]]; then
    printf '%s\n' "$json" >&2
    die "could not download the go.mod of $1 through $(go env GOPROXY)"
  fi
  printf '%s\n' "$path"
}

# `go` directive of a go.mod file.
go_directive() { awk '$1=="go" {print $2; exit}' "$1"; }

T0=$EPOCHREALTIME
K8S_MOD=$(gomod_of "k8s.io/kubernetes@${K8S_VERSION}")
ETCD_MOD=$(gomod_of "go.etcd.io/etcd/server/v3@${ETCD_VERSION}")
log "resolved upstream go.mod files in $(since "$T0")s: ${K8S_MOD}, ${ETCD_MOD}"

GO_HAVE=$(go env GOVERSION | sed 's/^go//; s/[^0-9.].*$//')
for mod in "$K8S_MOD" "$ETCD_MOD"; do
  need=$(go_directive "$mod")
  if [[ -n "$need" ]] && ! version_ge "$GO_HAVE" "$need"; then
    if [[ "$(go env GOTOOLCHAIN)" == local* ]]; then
      die "Go ${GO_HAVE} is too old: ${mod##*/} needs Go >= ${need}. Install Go >= ${need} from https://go.dev/dl/, allow GOTOOLCHAIN=auto, or set KUBEBUILDER_ASSETS to a directory containing kube-apiserver and etcd."
    fi
    log "Go ${GO_HAVE} < ${need}; relying on GOTOOLCHAIN=$(go env GOTOOLCHAIN) to fetch a newer toolchain"
  fi
done

STAGING_VERSION="v0.${K8S_VERSION#v1.}"
MINOR=$(echo "$K8S_VERSION" | cut -d. -f2)

# Staging modules are required at v0.0.0 and replaced by ./staging/... paths that do not exist
# outside the kubernetes repository; the wrapper maps each to its published v0.Y.Z tag. The list
# changes between minors, so it comes from upstream's own go.mod.
mapfile -t STAGING < <(awk '
  $1 == "replace" && $2 != "(" { $1 = ""; $0 = $0 }
  $2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }
' "$K8S_MOD")
[[ ${#STAGING[@]} -gt 0 ]] || die "no ./staging replace lines found in ${K8S_MOD}"
log "${#STAGING[@]} staging modules found in k8s.io/kubernetes@${K8S_VERSION} go.mod, pinned to ${STAGING_VERSION}"
# Replaces of a dependency are ignored, so anything besides staging would silently differ.
OTHER_REPLACES=$(awk '
  $1 == "replace" && $2 != "(" { $1 = ""; $0 = $0 }
  $2 == "=>" && $3 !~ /^\.\/staging\// { print }
' "$K8S_MOD")
[[ -z "$OTHER_REPLACES" ]] || log "warning: upstream has non-staging replaces the wrapper does not copy: ${OTHER_REPLACES}"

# godebug settings change runtime defaults (TLS, x509, ...) and apply only from the main module.
mapfile -t GODEBUG_K8S < <(awk '
  $1 == "godebug" && $2 == "(" { inblock = 1; next }
  inblock && $1 == ")" { inblock = 0; next }
  inblock && NF { print $1; next }
  $1 == "godebug" { for (i = 2; i <= NF; i++) print $i }
' "$K8S_MOD")

KAS_DIR="$WORK/kas-build"
ETCD_DIR="$WORK/etcd-build"
BIN="$WORK/bin"
mkdir -p "$KAS_DIR" "$ETCD_DIR" "$BIN"

build_kube_apiserver() {
  cd "$KAS_DIR"
  go mod init local/kas-build >&2
  local args=()
  for m in "${STAGING[@]}"; do args+=("-replace=${m}=${m}@${STAGING_VERSION}"); done
  for g in "${GODEBUG_K8S[@]}"; do args+=("-godebug=${g}"); done
  go mod edit "${args[@]}"
  step "go get k8s.io/kubernetes/cmd/kube-apiserver@${K8S_VERSION}" \
    go get "k8s.io/kubernetes/cmd/kube-apiserver@${K8S_VERSION}"
  local build_date
  build_date=$(go list -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' "k8s.io/kubernetes")
  local pkg=k8s.io/component-base/version
  step "go build kube-apiserver" env CGO_ENABLED=0 go build -trimpath -o "$BIN/kube-apiserver" \
    -ldflags "-s -w -X ${pkg}.gitVersion=${K8S_VERSION} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${MINOR} -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=${build_date}" \
    k8s.io/kubernetes/cmd/kube-apiserver
}

# etcd's server module also uses local replaces, and its root package is the etcd main.
build_etcd() {
  cd "$ETCD_DIR"
  go mod init local/etcd-build >&2
  step "go get go.etcd.io/etcd/server/v3@${ETCD_VERSION}" go get "go.etcd.io/etcd/server/v3@${ETCD_VERSION}"
  step "go build etcd" env CGO_ENABLED=0 go build -trimpath -o "$BIN/etcd" -ldflags "-s -w" go.etcd.io/etcd/server/v3
}

# Sequential on purpose: each build already uses every core.
build_etcd
build_kube_apiserver

KAS_VER=$("$BIN/kube-apiserver" --version 2>&1 || true)
ETCD_VER=$("$BIN/etcd" --version 2>&1 | head -n1 || true)
log "built: ${KAS_VER}; ${ETCD_VER}"
[[ "$KAS_VER" == "Kubernetes ${K8S_VERSION}" ]] || die "kube-apiserver reports '${KAS_VER}', expected 'Kubernetes ${K8S_VERSION}'"
[[ "$ETCD_VER" == *"${ETCD_VERSION#v}"* ]] || die "etcd reports '${ETCD_VER}', expected ${ETCD_VERSION}"

install_build "$BIN" "$TARGET" \
  "kubernetes=${K8S_VERSION}" \
  "etcd=${ETCD_VERSION}"
