#!/usr/bin/env bash
# Prints the absolute path of a directory that holds executable `kube-controller-manager`,
# `cass-operator` and `k8ssandra-operator` binaries for the real-operator tests. Only that path
# goes to stdout; progress goes to stderr.
#
# Resolution order:
#   1. $MCC_OPERATOR_ASSETS, when it holds all three binaries;
#   2. the per-user cache
#      ${MCC_OPERATOR_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/operator-assets}/<key>/;
#   3. a build, stored into that cache:
#      - kube-controller-manager from Go modules, the way scripts/kube-assets.sh builds kube-apiserver;
#      - cass-operator and k8ssandra-operator from the source archives in
#        ${MCC_UPSTREAM_SRC:-<repo>/../shared/upstream-src}, extracted into a temporary directory
#        outside the clone (the Go module proxy refuses both modules).
#
# k8ssandra-operator requires cass-operator as a Go module at the version of its go.mod; a
# go.work replaces that module by the extracted tree of the same version, so the upstream trees
# stay unmodified.
#
# Overrides: MCC_K8S_VERSION, MCC_CASS_OPERATOR_VERSION, MCC_K8SSANDRA_OPERATOR_VERSION.
set -euo pipefail

K8S_VERSION="${MCC_K8S_VERSION:-v1.34.10}"
CASS_VERSION="${MCC_CASS_OPERATOR_VERSION:-v1.30.3}"
K8SSANDRA_VERSION="${MCC_K8SSANDRA_OPERATOR_VERSION:-v1.32.5}"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
SRC_DIR="${MCC_UPSTREAM_SRC:-$HERE/../../shared/upstream-src}"
CACHE_ROOT="${MCC_OPERATOR_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/operator-assets}"
KEY="kcm-${K8S_VERSION}-cass-operator-${CASS_VERSION}-k8ssandra-operator-${K8SSANDRA_VERSION}"
TARGET="${CACHE_ROOT}/${KEY}"
BINARIES=(kube-controller-manager cass-operator k8ssandra-operator)

ASSET=operator-assets
# shellcheck source=scripts/asset-cache.lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/asset-cache.lib.sh"

has_bins() {
  [[ -n "$1" ]] || return 1
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$1/$b" && -f "$1/$b" ]] || return 1; done
}

use_override MCC_OPERATOR_ASSETS
use_cache "$TARGET"

command -v go >/dev/null 2>&1 || die "'go' was not found on PATH; install Go >= 1.26.4 (k8ssandra-operator ${K8SSANDRA_VERSION} go.mod), or set MCC_OPERATOR_ASSETS to a directory holding ${BINARIES[*]}."
for archive in "cass-operator-${CASS_VERSION}" "k8ssandra-operator-${K8SSANDRA_VERSION}"; do
  [[ -f "$SRC_DIR/$archive.tar.gz" ]] || die "missing $SRC_DIR/$archive.tar.gz; set MCC_UPSTREAM_SRC to the directory holding the upstream source archives"
done

start_build "$CACHE_ROOT" "${KEY}" "$TARGET"
BIN="$WORK/bin"
mkdir -p "$BIN"
log "building ${KEY} with $(go version) (GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"

tar -xzf "$SRC_DIR/cass-operator-${CASS_VERSION}.tar.gz" -C "$WORK"
tar -xzf "$SRC_DIR/k8ssandra-operator-${K8SSANDRA_VERSION}.tar.gz" -C "$WORK"
CASS_TREE="$WORK/cass-operator-${CASS_VERSION}"
K8SSANDRA_TREE="$WORK/k8ssandra-operator-${K8SSANDRA_VERSION}"

wanted=$(awk '$1 == "github.com/k8ssandra/cass-operator" { print $2; exit }' "$K8SSANDRA_TREE/go.mod")
[[ "$wanted" == "$CASS_VERSION" ]] || log "warning: k8ssandra-operator ${K8SSANDRA_VERSION} requires cass-operator ${wanted}; building its Go dependency from ${CASS_VERSION}"

build_cass_operator() {
  cd "$CASS_TREE"
  step "go build cass-operator ${CASS_VERSION}" env CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath \
    -ldflags "-s -w" -o "$BIN/cass-operator" ./cmd
}

build_k8ssandra_operator() {
  mkdir -p "$WORK/k8ssandra-work"
  cd "$WORK/k8ssandra-work"
  local go_directive
  go_directive=$(awk '$1 == "go" { print $2; exit }' "$K8SSANDRA_TREE/go.mod")
  cat >go.work <<EOF
go ${go_directive}

use ../k8ssandra-operator-${K8SSANDRA_VERSION}

replace github.com/k8ssandra/cass-operator => ../cass-operator-${CASS_VERSION}
EOF
  step "go build k8ssandra-operator ${K8SSANDRA_VERSION}" env CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w" -o "$BIN/k8ssandra-operator" github.com/k8ssandra/k8ssandra-operator
}

build_kube_controller_manager() {
  mkdir -p "$WORK/kcm-build"
  cd "$WORK/kcm-build"
  go mod init local/kcm-build >&2
  local k8s_mod staging_version minor args=()
  k8s_mod=$(go mod download -json "k8s.io/kubernetes@${K8S_VERSION}" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
  [[ -f "$k8s_mod" ]] || die "could not download the go.mod of k8s.io/kubernetes@${K8S_VERSION}"
  staging_version="v0.${K8S_VERSION#v1.}"
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  # Staging modules are required at v0.0.0 and replaced by paths inside the kubernetes repo;
  # map each to its published tag (the list comes from upstream's own go.mod).
  while read -r m; do args+=("-replace=${m}=${m}@${staging_version}"); done < <(awk '
    $1 == "replace" && $2 != "(" { $1 = ""; $0 = $0 }
    $2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }' "$k8s_mod")
  while read -r g; do [[ -n "$g" ]] && args+=("-godebug=${g}"); done < <(awk '
    $1 == "godebug" && $2 == "(" { inblock = 1; next }
    inblock && $1 == ")" { inblock = 0; next }
    inblock && NF { print $1; next }
    $1 == "godebug" { for (i = 2; i <= NF; i++) print $i }' "$k8s_mod")
  go mod edit "${args[@]}"
  step "go get k8s.io/kubernetes/cmd/kube-controller-manager@${K8S_VERSION}" \
    go get "k8s.io/kubernetes/cmd/kube-controller-manager@${K8S_VERSION}"
  local pkg=k8s.io/component-base/version
  step "go build kube-controller-manager" env CGO_ENABLED=0 go build -trimpath -o "$BIN/kube-controller-manager" \
    -ldflags "-s -w -X ${pkg}.gitVersion=${K8S_VERSION} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${minor} -X ${pkg}.gitTreeState=clean" \
    k8s.io/kubernetes/cmd/kube-controller-manager
}

# Sequential on purpose: each build already uses every core. cass-operator first: its
# packages are reused by the k8ssandra-operator build through the Go build cache.
build_cass_operator
build_k8ssandra_operator
build_kube_controller_manager

KCM_VER=$("$BIN/kube-controller-manager" --version 2>&1 || true)
[[ "$KCM_VER" == "Kubernetes ${K8S_VERSION}" ]] || die "kube-controller-manager reports '${KCM_VER}', expected 'Kubernetes ${K8S_VERSION}'"
install_build "$BIN" "$TARGET" \
  "kubernetes=${K8S_VERSION}" \
  "cass-operator=${CASS_VERSION}" \
  "k8ssandra-operator=${K8SSANDRA_VERSION}"
