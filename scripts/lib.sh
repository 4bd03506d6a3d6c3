# Shared by scripts/dev and scripts/test: install what is missing, start and stop the
# project's own MariaDB, Redis, MongoDB-protocol server and SMTP sink, build the site.
# Everything lives in .data/<env>/ (git-ignored); nothing uses systemd or default ports.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CARGO_LEPTOS_VERSION=0.3.10
TOOLS="$ROOT/.data/tools"
CARGO_LEPTOS="$TOOLS/cargo-leptos/bin/cargo-leptos"  # ensure_tools installs it
export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

log() { printf '\033[1;34m[minihompy]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[minihompy] %s\033[0m\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_install() {
  # dpkg sometimes fails once on these machines while perl upgrades: retry.
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq || true; APT_UPDATED=1; fi
  local i
  for i in 1 2 3; do
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
      return 0
    fi
    log "apt-get install $* failed (try $i), retrying"; sleep 3
    as_root dpkg --configure -a >/dev/null 2>&1 || true
  done
  die "could not install $*"
}

# ---------------------------------------------------------------- tools
ensure_tools() {
  local need=()
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
  command -v redis-server >/dev/null || need+=(redis-server)
  command -v curl >/dev/null || need+=(curl)
  # Debian's python3 (not a pyenv one): the SMTP sink and the venv of the Mongo server use it.
  /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
  /usr/bin/python3 -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
  if [ "${NEED_BROWSER:-0}" = 1 ]; then
    command -v chromium >/dev/null || need+=(chromium)
    # The fonts every Korean member's phone and desktop has: without them chromium draws
    # Korean (and emoji) as boxes of another width, and layouts are tested on fiction.
    dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
    dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || need+=(fonts-noto-color-emoji)
  fi
  if ((${#need[@]})); then log "installing Debian packages: ${need[*]}"; apt_install "${need[@]}"; fi
  export PATH="$PATH:/usr/sbin"

  rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown \
    || { log "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }

  # cargo-leptos, built with the wasm-split in vendor/ (patched: it folds the small shared
  # chunks of the split bundle; vendor/wasm_split_cli_support/PATCHED.md), in its own root
  # so that a stock cargo-leptos elsewhere on the machine is never the one that builds.
  # Its build directory is kept: a change to the patch rebuilds two crates, not all.
  local leptos_stamp
  leptos_stamp="$CARGO_LEPTOS_VERSION $(files_hash vendor/wasm_split_cli_support | cut -c1-16)"
  if [ ! -x "$CARGO_LEPTOS" ] || [ "$(cat "$TOOLS/cargo-leptos/.stamp" 2>/dev/null)" != "$leptos_stamp" ]; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION with the patched wasm-split (about 16 minutes the first time)"
    mkdir -p "$TOOLS/cargo-leptos"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --force \
      --root "$TOOLS/cargo-leptos" --target-dir "$TOOLS/cargo-leptos/build" \
      --config "patch.crates-io.wasm_split_cli_support.path=\"$ROOT/vendor/wasm_split_cli_support\""
    echo "$leptos_stamp" >"$TOOLS/cargo-leptos/.stamp"
  fi

  # Integration tests run one process per test, in parallel.
  cargo nextest --version >/dev/null 2>&1 \
    || { log "installing cargo-nextest"; cargo install cargo-nextest --locked; }

  # wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
  local wbg
  wbg=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg"; then
    log "installing wasm-bindgen-cli $wbg"
    cargo install wasm-bindgen-cli --version "$wbg" --force
  fi

  # npm tools (Playwright, wasm-opt from npm binaryen; Debian's binaryen breaks hydration).
  if [ ! -f end2end/node_modules/.stamp ] || ! cmp -s end2end/package-lock.json end2end/node_modules/.stamp; then
    log "installing end2end npm packages"
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp end2end/package-lock.json end2end/node_modules/.stamp
  fi

  # Python tools, pinned, each in a project-local venv: the MongoDB wire-protocol server;
  # the third-party OAuth client (authlib) and pytest that tests/clients drive the OAuth
  # provider with; the API fuzzer (Schemathesis).
  ensure_venv venv nx-27017 scripts/mongo-requirements.txt "the MongoDB-protocol server (nx-27017)"
  ensure_venv clients-venv pytest scripts/client-requirements.txt "the client-library test tools (authlib, pytest)"
  ensure_venv fuzz-venv st scripts/fuzz-requirements.txt "the API fuzzer (schemathesis)"
}

# ensure_venv DIR PROGRAM REQUIREMENTS WHAT: .data/tools/DIR with REQUIREMENTS installed,
# (re)made when PROGRAM is missing or the requirements changed.
ensure_venv() {
  local dir="$TOOLS/$1" program="$2" requirements="$3" what="$4"
  if [ ! -x "$dir/bin/$program" ] || ! cmp -s "$requirements" "$dir/.stamp"; then
    log "installing $what in .data/tools/$1"
    mkdir -p "$TOOLS"
    /usr/bin/python3 -m venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$dir/.stamp"
  fi
}

# ---------------------------------------------------------------- environments
# dev and test run side by side on their own ports and data.
use_env() {
  ENV_NAME="$1"
  case "$ENV_NAME" in
    dev)  APP_PORT=${PORT:-3000}; MYSQL_PORT=33061; REDIS_PORT=63791; MONGO_PORT=27117; SMTP_PORT=2526; DB_NAME=minihompy ;;
    test) APP_PORT=${TEST_PORT:-3100}; MYSQL_PORT=33062; REDIS_PORT=63792; MONGO_PORT=27118; SMTP_PORT=2527; DB_NAME=minihompy_test ;;
    bench) APP_PORT=3200; MYSQL_PORT=33063; REDIS_PORT=63793; MONGO_PORT=27119; SMTP_PORT=2528; DB_NAME=minihompy_bench ;;
    chaos) APP_PORT=3300; MYSQL_PORT=33064; REDIS_PORT=63794; MONGO_PORT=27120; SMTP_PORT=2529; DB_NAME=minihompy_chaos ;;
    *) die "unknown environment $ENV_NAME" ;;
  esac
  DATA="$ROOT/.data/$ENV_NAME"
  RUN="$DATA/run"; LOGS="$DATA/logs"
  mkdir -p "$RUN" "$LOGS" "$DATA/files" "$DATA/mail" "$DATA/sms"
  export DATABASE_URL="mysql://minihompy:minihompy@127.0.0.1:$MYSQL_PORT/$DB_NAME"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/"
  export MONGODB_URL="mongodb://127.0.0.1:$MONGO_PORT/"
  export MONGODB_DB="$DB_NAME"
  export SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
  export MAIL_DIR="$DATA/mail"
  export SMS_DIR="$DATA/sms"
  export DATA_DIR="$DATA/files"
  export LEPTOS_SITE_ADDR="127.0.0.1:$APP_PORT"
  export PUBLIC_URL="http://127.0.0.1:$APP_PORT"
  # The `minihompy` social login signs in through this site's own OAuth provider (the seed
  # registers the app with these credentials); they are for development and tests only.
  export OAUTH_MINIHOMPY_CLIENT_ID="${OAUTH_MINIHOMPY_CLIENT_ID:-6d696e69686f6d70792d6c6f67696e31}"
  export OAUTH_MINIHOMPY_CLIENT_SECRET="${OAUTH_MINIHOMPY_CLIENT_SECRET:-dev-only-minihompy-social-login-secret}"
  export LEPTOS_OUTPUT_NAME=minihompy
  # scripts/dev and scripts/test build the release profile with the dependencies at
  # opt-level 1 and our own crate at 0 (OWN_CRATE_UNOPTIMISED, passed to each build):
  # 100 s less for the dependencies of a cold build, and about 120 s less for each of the
  # two compiles of our crate (server, unit tests), than Cargo.toml's level 2, which
  # production builds and scripts/bench keep. Both scripts share the artifacts.
  if [ "$ENV_NAME" != bench ]; then export CARGO_PROFILE_RELEASE_OPT_LEVEL=1; fi
  # The site runs with LEPTOS_ENV=PROD (release build), which refuses the published
  # development key: each environment gets a random signing key of its own, kept in .data.
  if [ -z "${JWT_SECRET:-}" ]; then
    [ -s "$DATA/jwt_secret" ] || head -c 48 /dev/urandom | base64 -w0 >"$DATA/jwt_secret"
    JWT_SECRET="$(cat "$DATA/jwt_secret")"
  fi
  export JWT_SECRET
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port name seconds
  local i
  for ((i = 0; i < ${3:-30} * 10; i++)); do port_open "$1" && return 0; sleep 0.1; done
  die "$2 did not start on port $1 (see $LOGS)"
}

STARTED=()

start_mariadb() {
  local dir="$DATA/mysql" sock="$RUN/mysqld.sock" pid="$RUN/mysqld.pid"
  if pid_alive "$pid" && port_open "$MYSQL_PORT"; then return; fi
  port_open "$MYSQL_PORT" && die "port $MYSQL_PORT is taken by another program"
  if [ ! -d "$dir/mysql" ]; then
    log "initialising MariaDB in $dir"
    mariadb-install-db --no-defaults --datadir="$dir" --auth-root-authentication-method=normal \
      --skip-test-db --user="$(id -un)" >"$LOGS/mariadb-install.log" 2>&1 || die "mariadb-install-db failed (see $LOGS/mariadb-install.log)"
  fi
  # The thread pool (production should run it too): a page is a handful of short statements
  # over pooled connections, and a thread per connection costs a wake-up and a switch for
  # each. With it MariaDB spends about 30% less CPU on a homepage (docs/design/render-speed.md).
  setsid mariadbd --no-defaults --datadir="$dir" --socket="$sock" --port="$MYSQL_PORT" \
    --bind-address=127.0.0.1 --pid-file="$pid" --user="$(id -un)" --log-error="$LOGS/mariadb.log" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=64M --max-connections=300 --skip-name-resolve --thread-handling=pool-of-threads </dev/null >/dev/null 2>&1 &
  wait_port "$MYSQL_PORT" MariaDB 30
  STARTED+=(mariadb)
  mariadb --no-defaults --socket="$sock" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'minihompy'@'127.0.0.1' IDENTIFIED BY 'minihompy';
CREATE USER IF NOT EXISTS 'minihompy'@'localhost' IDENTIFIED BY 'minihompy';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO 'minihompy'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO 'minihompy'@'localhost';
SQL
}

start_redis() {
  local pid="$RUN/redis.pid"
  if pid_alive "$pid" && port_open "$REDIS_PORT"; then return; fi
  port_open "$REDIS_PORT" && die "port $REDIS_PORT is taken by another program"
  mkdir -p "$DATA/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$DATA/redis" --daemonize yes \
    --pidfile "$pid" --logfile "$LOGS/redis.log" --save '' --appendonly no >/dev/null
  wait_port "$REDIS_PORT" Redis 10
  STARTED+=(redis)
}

start_mongo() {
  local pid="$RUN/mongo.pid"
  if pid_alive "$pid" && port_open "$MONGO_PORT"; then return; fi
  port_open "$MONGO_PORT" && die "port $MONGO_PORT is taken by another program"
  mkdir -p "$DATA/mongo"
  setsid "$TOOLS/venv/bin/nx-27017" --host 127.0.0.1 --port "$MONGO_PORT" --data-dir "$DATA/mongo" \
    --log-file "$LOGS/mongo.log" --pid-file "$RUN/mongo.nx.pid" </dev/null >>"$LOGS/mongo.out" 2>&1 &
  echo $! >"$pid"
  wait_port "$MONGO_PORT" "MongoDB-protocol server" 30
  STARTED+=(mongo)
}

start_smtp() {
  local pid="$RUN/smtp.pid"
  if pid_alive "$pid" && port_open "$SMTP_PORT"; then return; fi
  port_open "$SMTP_PORT" && die "port $SMTP_PORT is taken by another program"
  setsid /usr/bin/python3 "$ROOT/scripts/smtp-sink.py" --port "$SMTP_PORT" --dir "$MAIL_DIR" \
    </dev/null >>"$LOGS/smtp.log" 2>&1 &
  echo $! >"$pid"
  wait_port "$SMTP_PORT" "SMTP sink" 15
  STARTED+=(smtp)
}

start_services() {
  start_mariadb
  start_redis
  start_mongo
  start_smtp
  log "$ENV_NAME services: MariaDB :$MYSQL_PORT, Redis :$REDIS_PORT, MongoDB :$MONGO_PORT, SMTP sink :$SMTP_PORT (data in .data/$ENV_NAME)"
}

stop_pidfile() { # pidfile name
  if pid_alive "$1"; then
    local p; p=$(cat "$1")
    kill "$p" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  fi
  rm -f "$1"
}

stop_app() { local f; for f in "$RUN"/app*.pid; do [ -e "$f" ] && stop_pidfile "$f"; done; return 0; }

stop_services() {
  stop_app
  stop_pidfile "$RUN/smtp.pid"
  stop_pidfile "$RUN/mongo.pid"
  if pid_alive "$RUN/redis.pid"; then redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || stop_pidfile "$RUN/redis.pid"; fi
  rm -f "$RUN/redis.pid"
  stop_pidfile "$RUN/mysqld.pid"
  log "$ENV_NAME services stopped"
}

# ---------------------------------------------------------------- build and run
# files_hash PATH...: one sha256 of the names and contents of every file under PATHs.
files_hash() {
  find "$@" -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64
}

# A hash of everything the site build reads; cargo-leptos re-runs wasm-bindgen and
# wasm-opt (about a minute) even when nothing changed, so an unchanged tree skips it.
site_inputs_hash() {
  files_hash src style public migrations vendor Cargo.toml Cargo.lock Leptos.toml .cargo
}

# build_site [checked]: the release build (server and WASM) when its inputs changed.
# `checked` (scripts/test) builds through clippy-driver with warnings as errors, so the
# lints of both builds cost no separate check build, and with the query macros online
# against a scratch database made from migrations/, so the committed cache .sqlx/ must
# equal what they saw (sqlx_compare). A build that fails either leaves no stamp.
#
# The browser bundle and the server are two cargo-leptos runs side by side: one alone
# builds them one after the other (hashed file names and precompression make it wait),
# and much of each is a single thread (the bundle's link-time optimisation and wasm-opt,
# the server's link) that leaves the second core idle. Each has its own target directory.
# wasm-opt runs in a pool that starts binaryen once (scripts/wasm-opt/pool.mjs), instead
# of once for each of the ~600 files the split bundle has.
build_site() {
  local mode="${1:-plain}" stamp hash out url front_pid status=0
  stamp="target/.site-build-stamp-$mode"
  hash=$(site_inputs_hash)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -x target/release/minihompy ] && [ -f target/release/hash.txt ]; then
    log "the site build is up to date"
  else
    rm -f "$stamp"
    # Hashed names change with every build: start from an empty pkg/ so that it holds one
    # build's files (the sizes printed below, and what the server can serve).
    rm -rf target/site/pkg
    local flags=(--release --split --precompress --bin-cargo-args="$OWN_CRATE_UNOPTIMISED")
    # The patched wasm-split folds every shared chunk under this many bytes (of unoptimised
    # code and data) into a bigger module its routes load anyway: a homepage's first visit
    # went from 220 chunk files to 10 (docs/design/code-splitting.md).
    local fold_below="${WASM_SPLIT_FOLD_BELOW:-16000}"
    local wrap=()
    if [ "$mode" = checked ]; then
      log "building the site (release) through clippy (warnings are errors), the query macros online"
      url="$(sqlx_scratch_db)" || die "no scratch database for the query macros"
      out="$(mktemp -d)"
      # The macros only write what they check when the crate compiles.
      touch src/lib.rs
      wrap=(with_clippy env SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$out" DATABASE_URL="$url")
    else
      log "building the site (release)"
    fi
    start_wasm_opt_pool
    # The browser bundle is built by plain rustc even when checked: clippy-driver turns the
    # MIR optimisations off, and the bundle came out about 10% larger than the one
    # production serves, which is what the budget test is to measure. Its lints come from a
    # check of the browser build after it (the wasm-release profile, so that the
    # procedural macros it has just built are reused).
    ( set -o pipefail
      # `|| exit`: the subshell's status must be the build's, not the check's (or none).
      # Every split point runs under `hydrate_app` (src/lib.rs) but the islands' loaders: what
      # the app shares with the pages goes into its chunk, not into the main bundle a guest's
      # islands page loads (docs/design/islands.md).
      PATH="$ROOT/scripts/wasm-opt:$PATH" WASM_SPLIT_FOLD_BELOW="$fold_below" \
        WASM_SPLIT_FOLD_HOST=hydrate_app_ WASM_SPLIT_FOLD_HOST_EXCEPT=_loader_ \
        "$CARGO_LEPTOS" build "${flags[@]}" --frontend-only 2>&1 \
        | sed -u 's/^/[browser] /' | quiet_cargo || exit
      if [ "$mode" = checked ]; then
        cargo clippy --quiet --lib --target wasm32-unknown-unknown --profile wasm-release \
          --target-dir target/front --no-default-features --features hydrate -- -D warnings 2>&1 \
          | sed -u 's/^/[browser] /'
      fi ) &
    front_pid=$!
    ( set -o pipefail
      "${wrap[@]}" "$CARGO_LEPTOS" build "${flags[@]}" --server-only 2>&1 | sed -u 's/^/[server]  /' | quiet_cargo ) \
      || status=1
    wait "$front_pid" || status=1
    stop_pidfile "$RUN/wasm-opt.pid"
    [ "$status" = 0 ] || die "the site build failed"
    if [ "$mode" = checked ]; then sqlx_compare "$out"; fi
    echo "$hash" >"$stamp"
  fi
  print_bundle_sizes
}

# start_wasm_opt_pool: the wasm-opt service (scripts/wasm-opt) for this build, at
# $WASM_OPT_SOCKET; its log is $LOGS/wasm-opt.log.
start_wasm_opt_pool() {
  export WASM_OPT_SOCKET="$RUN/wasm-opt.sock"
  stop_pidfile "$RUN/wasm-opt.pid"
  node "$ROOT/scripts/wasm-opt/pool.mjs" "$WASM_OPT_SOCKET" >>"$LOGS/wasm-opt.log" 2>&1 &
  echo $! >"$RUN/wasm-opt.pid"
  local i
  for ((i = 0; i < 100; i++)); do [ -S "$WASM_OPT_SOCKET" ] && return 0; sleep 0.1; done
  die "the wasm-opt pool did not start (see $LOGS/wasm-opt.log)"
}

# See use_env; every release build of scripts/dev and scripts/test passes it, or the
# next one compiles our crate again.
OWN_CRATE_UNOPTIMISED="--config=profile.release.package.minihompy.opt-level=0"

# Cargo's output without the line per crate, to stderr.
quiet_cargo() { grep --line-buffered -vE '^(\[[a-z]+\] +)?\s*(Compiling|Checking|Downloaded|Downloading)' >&2 || true; }

# with_clippy CMD...: runs a cargo build whose own crate compiles through clippy-driver
# (dependencies through plain rustc), warnings as errors: the lints `cargo clippy` would
# report, from the build that makes the artifacts anyway.
with_clippy() {
  RUSTC_WORKSPACE_WRAPPER="$(rustc --print sysroot)/bin/clippy-driver" \
    CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"
}

# print_bundle_sizes: the browser code with each file's size raw and as served (the
# precompressed .br and .gz beside it): the main bundle, each page's chunk (split___<page>)
# and other lazy parts (split_<fn>), the JS; the small chunks of code that several pages
# share (chunk_N) in one line. What a first visit loads is checked by
# end2end/tests/budget.spec.ts.
print_bundle_sizes() {
  local pkg=target/site/pkg f raw br gz total_br=0 shared=0 shared_br=0
  compgen -G "$pkg/*.wasm" >/dev/null || die "no WASM bundle in $pkg"
  log "browser code (KiB raw / brotli / gzip):"
  for f in "$pkg"/*.wasm "$pkg"/*.js; do
    [ -f "$f" ] || continue
    raw=$(stat -c %s "$f")
    br=$( [ -f "$f.br" ] && stat -c %s "$f.br" || echo "$raw")
    gz=$( [ -f "$f.gz" ] && stat -c %s "$f.gz" || gzip -9c "$f" | wc -c)
    total_br=$((total_br + br))
    case "${f##*/}" in
      chunk_*) shared=$((shared + 1)); shared_br=$((shared_br + br)); continue ;;
    esac
    awk -v r="$raw" -v b="$br" -v g="$gz" -v n="${f#"$pkg"/}" 'BEGIN { printf "  %7.1f %7.1f %7.1f  %s\n", r/1024, b/1024, g/1024, n }' >&2
  done
  if [ "$shared" -gt 0 ]; then
    awk -v b="$shared_br" -v n="$shared" 'BEGIN { printf "          %7.1f          %d shared chunks (chunk_N.wasm)\n", b/1024, n }' >&2
  fi
  log "all browser code: $((total_br / 1024)) KiB brotli"
}

seed_demo() { target/release/minihompy seed >&2; }

# start_app NAME PORT: runs the release binary in the background, waits for /health.
start_app() {
  local name="$1" port="$2"
  LEPTOS_SITE_ADDR="127.0.0.1:$port" PUBLIC_URL="http://127.0.0.1:$port" INSTANCE_ID="$name" LEPTOS_ENV=PROD \
    setsid target/release/minihompy serve </dev/null >>"$LOGS/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
  wait_health "http://127.0.0.1:$port" "$LOGS/$name.log"
}

wait_health() { # url logfile
  local i
  for i in $(seq 600); do
    if curl -fsS "$1/health" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  tail -n 30 "$2" >&2 || true
  die "the site at $1 did not become healthy"
}

# SQL checked at compile time: the query macros read the committed cache in .sqlx/
# (SQLX_OFFLINE=true in .cargo/config.toml), so no build needs a database. To check or
# rewrite that cache, a build runs them online against a scratch database (the test
# MariaDB must be running) and they write what they saw to a fresh directory:
# `build_site checked` compares it with .sqlx/, `sqlx_write` replaces .sqlx/ with it.
# sqlx_scratch_db: (re)makes the database minihompy_sqlx from migrations/ on the running
# MariaDB and prints its URL, for the query macros to check against.
sqlx_scratch_db() {
  local db=minihompy_sqlx f
  local sql=(mariadb --no-defaults --socket="$RUN/mysqld.sock" -uroot)
  "${sql[@]}" <<SQL || die "could not make the scratch database $db"
DROP DATABASE IF EXISTS \`$db\`;
CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT ALL PRIVILEGES ON \`$db\`.* TO 'minihompy'@'127.0.0.1';
SQL
  for f in migrations/*.sql; do
    "${sql[@]}" "$db" <"$f" || die "migration $f failed on the scratch database"
  done
  echo "mysql://minihompy:minihompy@127.0.0.1:$MYSQL_PORT/$db"
}

# sqlx_compare DIR: fails when what the query macros wrote to DIR differs from .sqlx/.
sqlx_compare() {
  local out="$1"
  if ! diff -r -q .sqlx "$out" >"$LOGS/sqlx-check.log" 2>&1; then
    cat "$LOGS/sqlx-check.log" >&2
    die "the query cache .sqlx/ is stale: run scripts/sqlx-prepare and commit .sqlx/"
  fi
  rm -rf "$out"
}

# sqlx_write: rewrites .sqlx/ from a check of every target against the scratch database.
sqlx_write() {
  local url out
  url="$(sqlx_scratch_db)"
  out="$(mktemp -d)"
  # The macros only run when the crate compiles: drop its (dev) check artifacts first.
  cargo clean --quiet -p minihompy
  SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$out" DATABASE_URL="$url" \
    cargo clippy --quiet --features ssr --tests --benches -- -D warnings
  rm -rf .sqlx && mkdir -p .sqlx && cp "$out"/query-*.json .sqlx/ 2>/dev/null || true
  log "wrote $(ls .sqlx | wc -l) queries to .sqlx/"
  rm -rf "$out"
}
