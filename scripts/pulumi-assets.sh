#!/usr/bin/env bash
# Prints the absolute path of a directory that holds executable `pulumi`,
# `pulumi-language-nodejs` and `pulumi-resource-kubernetes` binaries for a real `pulumi up`
# against the local API servers. Only that path goes to stdout; progress goes to stderr.
#
# Resolution order:
#   1. $MCC_PULUMI_ASSETS, when it holds all three binaries;
#   2. the per-user cache
#      ${MCC_PULUMI_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/pulumi-assets}/<key>/;
#   3. a build, stored into that cache:
#      - the `pulumi` CLI from the Go module github.com/pulumi/pulumi/pkg/v3 through a wrapper
#        module (its go.mod replaces sdk/v3 by ../sdk, so it cannot be built as the main
#        module outside the pulumi repository);
#      - `pulumi-language-nodejs` from the source archive in
#        ${MCC_UPSTREAM_SRC:-<repo>/../shared/upstream-src}, extracted into a temporary directory
#        outside the clone (the Go module proxy refuses its module); the engine finds it beside
#        `pulumi`;
#      - `pulumi-resource-kubernetes` from the Go module
#        github.com/pulumi/pulumi-kubernetes/provider/v4, with the embedded schema generated
#        the way its cmd/pulumi-resource-kubernetes/generate.go does.
#
# Release binaries are not used because get.pulumi.com and GitHub releases are unreachable from
# the machines this project runs on; only the Go module proxy is.
#
# Overrides: MCC_PULUMI_VERSION (CLI and language host, default below),
# MCC_PULUMI_KUBERNETES_VERSION with MCC_PULUMI_KUBERNETES_MODULE_VERSION (the provider).
set -euo pipefail

PULUMI_VERSION="${MCC_PULUMI_VERSION:-v3.248.0}"
# The provider module has no tags of its own (the repository tags v4.25.0 at its root), so the
# module proxy serves the commit of tag v4.25.0 (f47bc2d6f199) only as a pseudo-version.
DEFAULT_K8S_PROVIDER_VERSION=v4.25.0
DEFAULT_K8S_PROVIDER_MODULE_VERSION=v4.0.0-20260115033456-f47bc2d6f199
K8S_PROVIDER_VERSION="${MCC_PULUMI_KUBERNETES_VERSION:-$DEFAULT_K8S_PROVIDER_VERSION}"
if [[ -n "${MCC_PULUMI_KUBERNETES_MODULE_VERSION:-}" ]]; then
  K8S_PROVIDER_MODULE_VERSION="$MCC_PULUMI_KUBERNETES_MODULE_VERSION"
elif [[ "$K8S_PROVIDER_VERSION" == "$DEFAULT_K8S_PROVIDER_VERSION" ]]; then
  K8S_PROVIDER_MODULE_VERSION="$DEFAULT_K8S_PROVIDER_MODULE_VERSION"
else
  printf '[pulumi-assets] ERROR: %s\n' "MCC_PULUMI_KUBERNETES_VERSION=${K8S_PROVIDER_VERSION} needs MCC_PULUMI_KUBERNETES_MODULE_VERSION, the version under which the module proxy serves github.com/pulumi/pulumi-kubernetes/provider/v4 at that tag" >&2
  exit 1
fi

CLI_MODULE=github.com/pulumi/pulumi/pkg/v3
SDK_MODULE=github.com/pulumi/pulumi/sdk/v3
PROVIDER_MODULE=github.com/pulumi/pulumi-kubernetes/provider/v4

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
SRC_DIR="${MCC_UPSTREAM_SRC:-$HERE/../../shared/upstream-src}"
LANGUAGE_ARCHIVE="pulumi-language-nodejs-${PULUMI_VERSION}"
CACHE_ROOT="${MCC_PULUMI_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mission-control-constructs/pulumi-assets}"
KEY="pulumi-${PULUMI_VERSION}-kubernetes-${K8S_PROVIDER_VERSION}"
TARGET="${CACHE_ROOT}/${KEY}"
BINARIES=(pulumi pulumi-language-nodejs pulumi-resource-kubernetes)

ASSET=pulumi-assets
# shellcheck source=scripts/asset-cache.lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/asset-cache.lib.sh"

has_bins() {
  [[ -n "$1" ]] || return 1
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$1/$b" && -f "$1/$b" ]] || return 1; done
}

# 1. Explicitly provided assets.
use_override MCC_PULUMI_ASSETS
# 2. Cache hit without taking the lock: the directory only ever appears through a rename.
use_cache "$TARGET"

# 3. Build.
command -v go >/dev/null 2>&1 || die "'go' was not found on PATH; install Go >= 1.25.11 (the go directive of ${CLI_MODULE}@${PULUMI_VERSION}) from https://go.dev/dl/ (the Go module proxy must be reachable), or set MCC_PULUMI_ASSETS to a directory holding ${BINARIES[*]}."
[[ -f "$SRC_DIR/${LANGUAGE_ARCHIVE}.tar.gz" ]] || die "missing $SRC_DIR/${LANGUAGE_ARCHIVE}.tar.gz; set MCC_UPSTREAM_SRC to the directory holding the upstream source archives"

start_build "$CACHE_ROOT" "${KEY}" "$TARGET"
log "building ${KEY} with $(go version)"
log "GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE) GOPROXY=$(go env GOPROXY)"
BIN="$WORK/bin"
mkdir -p "$BIN"
# The version checks run the CLI; keep its state out of the user's ~/.pulumi.
export PULUMI_HOME="$WORK/pulumi-home" PULUMI_SKIP_UPDATE_CHECK=true

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

# `replace` directives of a go.mod file, one per line: old path, new path, new version (empty
# for a directory).
replaces_of() {
  awk '
    $1 == "replace" && $2 == "(" { inblock = 1; next }
    inblock && $1 == ")" { inblock = 0; next }
    $1 == "replace" { $1 = ""; $0 = $0; single = 1 }
    inblock || single {
      for (i = 1; i < NF; i++) if ($i == "=>") {
        v = (i + 2 <= NF && $(i + 2) !~ /^\/\//) ? $(i + 2) : ""
        print $1, $(i + 1), v
      }
    }
    { single = 0 }' "$1"
}
is_local_path() { [[ "$1" == ./* || "$1" == ../* || "$1" == /* ]]; }

# `godebug` settings of a go.mod file, one per line. They change runtime defaults and apply
# only from the main module, so the wrappers copy them.
godebug_of() {
  awk '
    $1 == "godebug" && $2 == "(" { inblock = 1; next }
    inblock && $1 == ")" { inblock = 0; next }
    inblock && NF { print $1; next }
    $1 == "godebug" { for (i = 2; i <= NF; i++) print $i }' "$1"
}

# Selected version of a module in the current main module's build list.
selected() { go list -m -f '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' "$1"; }

T0=$EPOCHREALTIME
CLI_MOD=$(gomod_of "${CLI_MODULE}@${PULUMI_VERSION}")
PROVIDER_MOD=$(gomod_of "${PROVIDER_MODULE}@${K8S_PROVIDER_MODULE_VERSION}")
log "resolved upstream go.mod files in $(since "$T0")s: ${CLI_MOD}, ${PROVIDER_MOD}"

GO_HAVE=$(go env GOVERSION | sed 's/^go//; s/[^0-9.].*$//')
for mod in "$CLI_MOD" "$PROVIDER_MOD"; do
  need=$(go_directive "$mod")
  if [[ -n "$need" ]] && ! version_ge "$GO_HAVE" "$need"; then
    if [[ "$(go env GOTOOLCHAIN)" == local* ]]; then
      die "Go ${GO_HAVE} is too old: ${mod##*/} needs Go >= ${need}. Install Go >= ${need} from https://go.dev/dl/, allow GOTOOLCHAIN=auto, or set MCC_PULUMI_ASSETS to a directory holding ${BINARIES[*]}."
    fi
    log "Go ${GO_HAVE} < ${need}; relying on GOTOOLCHAIN=$(go env GOTOOLCHAIN) to fetch a newer toolchain"
  fi
done

VERSION_PKG=github.com/pulumi/pulumi/sdk/v3/go/common/version

# The CLI's main package from the module cache. Upstream's go.mod replaces sdk/v3 by the
# directory ../sdk of the same commit, which is the published sdk/v3 of the same tag; its other
# replaces (a clipboard fork) apply only from the main module, so the wrapper copies them.
build_cli() {
  mkdir -p "$WORK/cli-build"
  cd "$WORK/cli-build"
  go mod init local/pulumi-cli-build >&2
  local args=("-go=$(go_directive "$CLI_MOD")") old new ver g
  while read -r old new ver; do
    if is_local_path "$new"; then
      [[ "$old" == "$SDK_MODULE" ]] || log "warning: ${CLI_MODULE} replaces ${old} by ${new}; the wrapper uses the published module"
    else
      args+=("-replace=${old}=${new}${ver:+@${ver}}")
    fi
  done < <(replaces_of "$CLI_MOD")
  while read -r g; do [[ -n "$g" ]] && args+=("-godebug=${g}"); done < <(godebug_of "$CLI_MOD")
  go mod edit "${args[@]}"
  step "go get ${CLI_MODULE}/cmd/pulumi@${PULUMI_VERSION}" \
    go get "${CLI_MODULE}/cmd/pulumi@${PULUMI_VERSION}" "${SDK_MODULE}@${PULUMI_VERSION}"
  local m
  for m in "$CLI_MODULE" "$SDK_MODULE"; do
    [[ "$(selected "$m")" == "$PULUMI_VERSION" ]] || die "the CLI wrapper selected ${m} $(selected "$m"), expected ${PULUMI_VERSION}"
  done
  step "go build pulumi ${PULUMI_VERSION}" env CGO_ENABLED=0 go build -trimpath -o "$BIN/pulumi" \
    -ldflags "-s -w -X ${VERSION_PKG}.Version=${PULUMI_VERSION}" "${CLI_MODULE}/cmd/pulumi"
}

# The language host is its own module inside the pulumi repository. Its go.mod replaces pkg/v3
# and sdk/v3 by directories of the same commit; outside the repository those become
# requirements of the same tag. The non-directory replace (clipboard) stays.
build_language_nodejs() {
  tar -xzf "$SRC_DIR/${LANGUAGE_ARCHIVE}.tar.gz" -C "$WORK"
  cd "$WORK/${LANGUAGE_ARCHIVE}/sdk/nodejs/cmd/pulumi-language-nodejs"
  local args=() old new ver
  while read -r old new ver; do
    if is_local_path "$new"; then args+=("-dropreplace=${old}"); fi
  done < <(replaces_of go.mod)
  [[ ${#args[@]} -gt 0 ]] && go mod edit "${args[@]}"
  step "go get ${CLI_MODULE}@${PULUMI_VERSION} ${SDK_MODULE}@${PULUMI_VERSION} for pulumi-language-nodejs" \
    go get "${CLI_MODULE}@${PULUMI_VERSION}" "${SDK_MODULE}@${PULUMI_VERSION}"
  local m
  for m in "$CLI_MODULE" "$SDK_MODULE"; do
    [[ "$(selected "$m")" == "$PULUMI_VERSION" ]] || die "the language host selected ${m} $(selected "$m"), expected ${PULUMI_VERSION}"
  done
  step "go build pulumi-language-nodejs ${PULUMI_VERSION}" env CGO_ENABLED=0 go build -trimpath \
    -o "$BIN/pulumi-language-nodejs" -ldflags "-s -w -X ${VERSION_PKG}.Version=${PULUMI_VERSION}" .
}

# The provider's main package embeds schema-embed.json and terraform-mapping-embed.json, which
# upstream generates (`go generate` runs generate.go with VERSION set) and does not publish, so
# the package is copied out of the module cache into a wrapper module and generated there.
# Upstream's go.mod replaces sdk/v4 by ../sdk; the wrapper replaces it by the published sdk/v4
# of the same release.
build_provider() {
  local dir="$WORK/provider-build" version="${K8S_PROVIDER_VERSION#v}"
  mkdir -p "$dir"
  cd "$dir"
  go mod init local/pulumi-resource-kubernetes-build >&2
  local args=("-go=$(go_directive "$PROVIDER_MOD")") old new ver g
  while read -r old new ver; do
    if is_local_path "$new"; then
      args+=("-replace=${old}=${old}@${K8S_PROVIDER_VERSION}")
    else
      args+=("-replace=${old}=${new}${ver:+@${ver}}")
    fi
  done < <(replaces_of "$PROVIDER_MOD")
  while read -r g; do [[ -n "$g" ]] && args+=("-godebug=${g}"); done < <(godebug_of "$PROVIDER_MOD")
  go mod edit "${args[@]}"
  step "go get ${PROVIDER_MODULE}@${K8S_PROVIDER_MODULE_VERSION}" \
    go get "${PROVIDER_MODULE}/pkg/provider@${K8S_PROVIDER_MODULE_VERSION}" \
    "${PROVIDER_MODULE}/pkg/version@${K8S_PROVIDER_MODULE_VERSION}"
  local src
  src="$(go list -m -f '{{.Dir}}' "$PROVIDER_MODULE")/cmd/pulumi-resource-kubernetes"
  cp "$src"/main.go "$src"/generate.go "$src"/schema.json "$src"/terraform-mapping.json .
  chmod u+w ./*
  # generate.go imports pkg/v3/codegen/schema, which the provider's packages do not import, so
  # its go.sum lines come from -mod=mod; the versions are the ones already selected.
  step "generate schema-embed.json (version ${version})" env CGO_ENABLED=0 VERSION="$version" \
    GOFLAGS=-mod=mod go run -trimpath generate.go
  [[ -s schema-embed.json && -s terraform-mapping-embed.json ]] || die "generate.go did not write the embedded files"
  step "go build pulumi-resource-kubernetes ${K8S_PROVIDER_VERSION}" env CGO_ENABLED=0 go build -trimpath \
    -o "$BIN/pulumi-resource-kubernetes" \
    -ldflags "-s -w -X ${PROVIDER_MODULE}/pkg/version.Version=${version}" .
}

# The provider has no -version flag: the engine learns its version from GetPluginInfo, and the
# schema carries it too. Starts the provider the way a debugger attaches to it (no engine
# address; it prints its port) and asks for both.
check_provider_version() {
  mkdir -p "$WORK/provider-build/plugininfo"
  cat >"$WORK/provider-build/plugininfo/main.go" <<'EOF'
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

func main() {
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(binary string) error {
	cmd := exec.Command(binary)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return fmt.Errorf("reading the provider's port: %w", err)
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(line),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(1<<30)))
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client := pulumirpc.NewResourceProviderClient(conn)
	info, err := client.GetPluginInfo(ctx, &emptypb.Empty{})
	if err != nil {
		return fmt.Errorf("GetPluginInfo: %w", err)
	}
	schema, err := client.GetSchema(ctx, &pulumirpc.GetSchemaRequest{})
	if err != nil {
		return fmt.Errorf("GetSchema: %w", err)
	}
	var spec struct{ Name, Version string }
	if err := json.Unmarshal([]byte(schema.Schema), &spec); err != nil {
		return fmt.Errorf("GetSchema: %w", err)
	}
	fmt.Printf("plugin %s, schema %s %s\n", info.Version, spec.Name, spec.Version)
	return nil
}
EOF
  cd "$WORK/provider-build"
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$WORK/plugininfo" ./plugininfo >&2
  "$WORK/plugininfo" "$BIN/pulumi-resource-kubernetes" || true
}

# Sequential on purpose: each build already uses every core. The CLI first: the language host
# shares most of its packages through the Go build cache.
T_CLI=$EPOCHREALTIME; build_cli; T_CLI=$(since "$T_CLI")
T_LANG=$EPOCHREALTIME; build_language_nodejs; T_LANG=$(since "$T_LANG")
T_PROVIDER=$EPOCHREALTIME; build_provider; T_PROVIDER=$(since "$T_PROVIDER")

CLI_VER=$("$BIN/pulumi" version 2>&1 || true)
LANG_VER=$("$BIN/pulumi-language-nodejs" -version 2>&1 || true)
PROVIDER_VER=$(check_provider_version)
log "built: pulumi ${CLI_VER}; pulumi-language-nodejs ${LANG_VER}; pulumi-resource-kubernetes: ${PROVIDER_VER}"
[[ "$CLI_VER" == "$PULUMI_VERSION" ]] || die "pulumi version reports '${CLI_VER}', expected ${PULUMI_VERSION}"
[[ "$LANG_VER" == "$PULUMI_VERSION" ]] || die "pulumi-language-nodejs -version reports '${LANG_VER}', expected ${PULUMI_VERSION}"
want="plugin ${K8S_PROVIDER_VERSION#v}, schema kubernetes ${K8S_PROVIDER_VERSION#v}"
[[ "$PROVIDER_VER" == "$want" ]] || die "pulumi-resource-kubernetes reports '${PROVIDER_VER}', expected '${want}'"

install_build "$BIN" "$TARGET" \
  "pulumi=${PULUMI_VERSION}" \
  "pulumi-language-nodejs=${PULUMI_VERSION}" \
  "pulumi-resource-kubernetes=${K8S_PROVIDER_VERSION}" \
  "pulumi-resource-kubernetes-module=${PROVIDER_MODULE}@${K8S_PROVIDER_MODULE_VERSION}" \
  "seconds.pulumi=${T_CLI}" \
  "seconds.pulumi-language-nodejs=${T_LANG}" \
  "seconds.pulumi-resource-kubernetes=${T_PROVIDER}"
