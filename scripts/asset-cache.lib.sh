# Sourced by the scripts/*-assets.sh scripts. Each provides Go-built binaries in a per-user
# cache directory keyed by version and prints that directory's absolute path, and only that, on
# stdout; progress and timings ("done:" lines, which .ci/run collects) go to stderr.
#
# The sourcing script sets ASSET (its name in log lines) and defines `has_bins DIR` (whether DIR
# holds every binary it provides) before it calls these.

ASSET_START=$EPOCHREALTIME

# Seconds since $1 (an $EPOCHREALTIME value), one decimal.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[%s +%6ss] %s\n' "$ASSET" "$(since "$ASSET_START")" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$ASSET" "$*" >&2; exit 1; }

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

# Prints the directory's absolute path and ends the script successfully.
emit() { (cd "$1" && pwd -P); exit 0; }

# Whether version $1 >= version $2 (sort -V order).
version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]; }

# Emits the directory named by the variable $1 when it holds the binaries; says so otherwise.
use_override() {
  local name="$1" dir="${!1:-}"
  [[ -n "$dir" ]] || return 0
  if has_bins "$dir"; then log "using ${name}=${dir}"; emit "$dir"; fi
  log "${name}=${dir} lacks the binaries; falling back to the cache"
}

# Emits $1 when the cache already holds it. No lock: the directory only ever appears through a
# rename, complete.
use_cache() {
  if has_bins "$1"; then log "cache hit: $1"; emit "$1"; fi
}

# Serialises builds of one key (cache root $1, key $2, target directory $3), emits the target
# if a concurrent build filled it meanwhile, and sets WORK: a fresh directory on the cache's
# filesystem (so that the final `mv` into the target is an atomic rename), removed on exit.
start_build() {
  local root="$1" key="$2" target="$3"
  command -v flock >/dev/null 2>&1 || die "'flock' (util-linux) is required to serialise concurrent builds"
  mkdir -p "$root"
  exec 9>"${root}/.${key}.lock"
  if ! flock -n 9; then
    log "another process is building ${key}; waiting"
    step "wait for build lock" flock 9
  fi
  if has_bins "$target"; then log "cache filled by a concurrent build: ${target}"; emit "$target"; fi
  # A directory without every binary can only come from manual tampering; rebuild it.
  if [[ -e "$target" ]]; then log "removing incomplete ${target}"; rm -rf "$target"; fi
  WORK=$(mktemp -d "${root}/.build-${key}.XXXXXX")
  # shellcheck disable=SC2064 # WORK is fixed from here on
  trap "rm -rf '${WORK}'" EXIT
}

# Installs a finished build: writes $1/BUILD-INFO (the given key=value lines, then the Go
# version, the build time and the seconds it took), renames $1 to the target $2 (atomic: the
# work directory is on the cache's filesystem) and emits the target.
install_build() {
  local bin="$1" target="$2"
  shift 2
  {
    printf '%s\n' "$@"
    echo "go=$(go env GOVERSION)"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "seconds=$(since "$ASSET_START")"
  } >"$bin/BUILD-INFO"
  mv -T "$bin" "$target"
  log "installed into ${target}"
  emit "$target"
}
