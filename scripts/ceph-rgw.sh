#!/usr/bin/env bash
# A one-node Ceph cluster with a RADOS Gateway (a real S3) on 127.0.0.1, for the
# tests that need one (npm run test:s3-real, CI). See README "Testing against a
# real S3" and ../shared facts in the issue 11 notes.
#
#   scripts/ceph-rgw.sh start  [options]   create (first time) or restart the cluster, wait until S3 answers
#   scripts/ceph-rgw.sh stop   [options]   stop every daemon of the folder (none left behind)
#   scripts/ceph-rgw.sh status [options]   exit 0 when the gateway answers, 3 when stopped, 1 when partly up
#
# Options (environment variable in brackets, default after it):
#   --dir DIR          [CEPH_RGW_DIR]      .data/ceph-rgw under the repository; holds config, data, logs, keys
#   --port N           [CEPH_RGW_PORT]     7480  the S3 endpoint http://127.0.0.1:N
#   --mon-port N       [CEPH_RGW_MON_PORT] 3300  monitor (v2 on N, v1 on N+1); the OSD uses N+2..N+21
#   --timeout S        [CEPH_RGW_TIMEOUT]  120   seconds allowed for each wait
#   --print-env        print only S3_TEST_ENDPOINT=, S3_TEST_ACCESS_KEY_ID=, S3_TEST_SECRET_ACCESS_KEY= lines
#   --install          install the Debian packages first (apt-get; never done unless asked)
#
# Progress goes to stderr; stdout holds the endpoint and keys (also written to DIR/s3.env).
# The folder is created on the first start (1 mon, 1 bluestore OSD on a sparse 10 GB file,
# no mgr, radosgw with tcp_nodelay=1, S3 user "test" with generated keys); later starts reuse
# it (~8 s). Ports are fixed at creation: use another folder for other ports.
set -euo pipefail

PACKAGES=(radosgw ceph-mon ceph-osd)
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() { echo "ceph-rgw: error: $*" >&2; exit 1; }
say() { echo "ceph-rgw: $*" >&2; }
usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

command="${1:-}"
[ -n "$command" ] || usage
shift
case "$command" in start | stop | status) ;; -h | --help | help) usage ;; *) die "unknown command '$command' (start, stop, status)" ;; esac

DIR="${CEPH_RGW_DIR:-}"
PORT="${CEPH_RGW_PORT:-}"
MON_PORT="${CEPH_RGW_MON_PORT:-}"
TIMEOUT="${CEPH_RGW_TIMEOUT:-120}"
PRINT_ENV=0
INSTALL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR="${2:?--dir needs a folder}"; shift 2 ;;
    --port) PORT="${2:?--port needs a number}"; shift 2 ;;
    --mon-port) MON_PORT="${2:?--mon-port needs a number}"; shift 2 ;;
    --timeout) TIMEOUT="${2:?--timeout needs seconds}"; shift 2 ;;
    --print-env) PRINT_ENV=1; shift ;;
    --install) INSTALL=1; shift ;;
    -h | --help) usage ;;
    *) die "unknown option '$1'" ;;
  esac
done
EXPLICIT_PORT="$PORT"
EXPLICIT_MON_PORT="$MON_PORT"
PORT="${PORT:-7480}"
MON_PORT="${MON_PORT:-3300}"
for value in "$PORT" "$MON_PORT" "$TIMEOUT"; do
  [[ "$value" =~ ^[0-9]+$ ]] || die "'$value' is not a number"
done
[ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || die "--port $PORT is out of range"
[ "$MON_PORT" -ge 1 ] && [ "$MON_PORT" -le 65514 ] || die "--mon-port $MON_PORT is out of range (the OSD needs the 21 ports after it)"

DIR="${DIR:-$REPO_ROOT/.data/ceph-rgw}"
DIR="$(realpath -m -- "$DIR")"
CONF="$DIR/ceph.conf"
MARKER="$DIR/.ceph-rgw-sh"       # written first: the folder is ours (and may be wiped if half made)
READY="$DIR/.initialized"        # written last: the cluster and the S3 user exist
SETTINGS="$DIR/settings.env"
S3ENV="$DIR/s3.env"
RGW_NAME=client.rgw.gw
DAEMONS=(mon.a osd.0 "$RGW_NAME") # start order; stop runs it backwards

pid_file() { echo "$DIR/run/$1.pid"; }
log_file() { echo "$DIR/log/$1.log"; }
endpoint() { echo "http://127.0.0.1:$PORT"; }

# Reads the ports a folder was created with (they are in its monitor map).
load_settings() {
  [ -f "$SETTINGS" ] || return 0
  local created_port created_mon_port
  created_port="$(sed -n 's/^PORT=//p' "$SETTINGS")"
  created_mon_port="$(sed -n 's/^MON_PORT=//p' "$SETTINGS")"
  if [ -n "$EXPLICIT_PORT" ] && [ "$EXPLICIT_PORT" != "$created_port" ]; then
    die "$DIR was created with --port $created_port (asked: $EXPLICIT_PORT); use that port or another --dir"
  fi
  if [ -n "$EXPLICIT_MON_PORT" ] && [ "$EXPLICIT_MON_PORT" != "$created_mon_port" ]; then
    die "$DIR was created with --mon-port $created_mon_port (asked: $EXPLICIT_MON_PORT); use that port or another --dir"
  fi
  PORT="$created_port"
  MON_PORT="$created_mon_port"
}

daemon_pid() {
  local file pid
  file="$(pid_file "$1")"
  [ -f "$file" ] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # The pid must still be one of ours (a reused pid is someone else's process).
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$CONF" || return 1
  echo "$pid"
}

# Pids of any process still running with this folder's config (daemons, a hung ceph command).
leftover_pids() {
  local pid
  for pid in $(pgrep -f -- "$CONF" || true); do
    [ "$pid" != "$$" ] && [ "$pid" != "$BASHPID" ] && echo "$pid"
  done
}

ceph_cli() { timeout 30 ceph -c "$CONF" --connect-timeout 20 "$@"; }

gateway_answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$(endpoint)/" 2>/dev/null || true)"
  [ "$code" = 200 ]
}

# Waits until "$@" succeeds; on timeout explains and points at the log file.
wait_for() {
  local what="$1" log="$2" deadline=$((SECONDS + TIMEOUT))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "ceph-rgw: error: timed out after ${TIMEOUT}s waiting for $what; log: $log" >&2
      [ -f "$log" ] && tail -n 15 "$log" | sed 's/^/  | /' >&2
      return 1
    fi
    sleep 0.2
  done
}

start_daemon() {
  local name="$1" out
  if daemon_pid "$name" >/dev/null; then return 0; fi
  out="$DIR/log/$name.out"
  case "$name" in
    mon.a) ceph-mon -c "$CONF" -i a >"$out" 2>&1 ;;
    osd.0) ceph-osd -c "$CONF" -i 0 >"$out" 2>&1 ;;
    "$RGW_NAME") radosgw -c "$CONF" -n "$RGW_NAME" >"$out" 2>&1 ;;
  esac || { cat "$out" >&2; die "$name did not start; log: $(log_file "$name")"; }
}

stop_daemons() {
  # One at a time, gateway first: the OSD tells the monitor it goes down (in parallel the
  # monitor may be gone first, and the next start then waits for the OSD to be marked down).
  local index name pid deadline
  for ((index = ${#DAEMONS[@]} - 1; index >= 0; index--)); do
    name="${DAEMONS[$index]}"
    pid="$(daemon_pid "$name" || true)"
    [ -n "$pid" ] || continue
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name (pid $pid) ignored SIGTERM for 20 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for pid in $(leftover_pids); do
    say "killing leftover process $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-120)"
    kill -KILL "$pid" 2>/dev/null || true
  done
  deadline=$((SECONDS + 10))
  while [ -n "$(leftover_pids)" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  [ -z "$(leftover_pids)" ] || die "processes still running with $CONF: $(leftover_pids | tr '\n' ' ')"
  rm -f "$DIR"/run/*.pid
}

print_endpoint() {
  # shellcheck disable=SC1090
  . "$S3ENV"
  if [ "$PRINT_ENV" = 1 ]; then
    cat "$S3ENV"
  else
    echo "S3 endpoint:       $S3_TEST_ENDPOINT (path-style addressing, any region)"
    echo "access key id:     $S3_TEST_ACCESS_KEY_ID"
    echo "secret access key: $S3_TEST_SECRET_ACCESS_KEY"
    echo "folder:            $DIR (logs in $DIR/log)"
    echo "environment:       $S3ENV"
  fi
}

write_conf() {
  local fsid="$1" osd_min=$((MON_PORT + 2)) osd_max=$((MON_PORT + 21))
  cat >"$CONF" <<EOF
# Written by scripts/ceph-rgw.sh; a one-node cluster for tests.
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$MON_PORT,v1:127.0.0.1:$((MON_PORT + 1))]
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind port min = $osd_min
ms bind port max = $osd_max
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon data avail crit = 1
run dir = $DIR/run
crash dir = $DIR/crash
pid file = $DIR/run/\$name.pid
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log

[mon]
mon data = $DIR/mon/\$id
keyring = $DIR/mon/\$id/keyring

[osd]
osd data = $DIR/osd/\$id
keyring = $DIR/osd/\$id/keyring
osd objectstore = bluestore
bluestore block create = true
bluestore block size = 10G
osd memory target = 1G

[client.admin]
keyring = $DIR/admin.keyring
log file = /dev/null

[$RGW_NAME]
keyring = $DIR/rgw.keyring
rgw data = $DIR/rgw
# tcp_nodelay=1: without it every response with a body waits ~44 ms (Nagle + delayed ACK).
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
# No lifecycle (expiration) processing: its thread sleeps 5 s at a time and delays every stop by that.
rgw enable lc threads = false
EOF
}

create_cluster() {
  local fsid osd_uuid osd_id access secret
  if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
    [ -f "$MARKER" ] || die "$DIR exists, is not empty and was not made by this script; choose another --dir"
    say "removing the half-made cluster in $DIR (a previous first start did not finish)"
    stop_daemons
    rm -rf "$DIR"
  fi
  check_ports_free
  say "creating a one-node cluster in $DIR (S3 on port $PORT, monitor on $MON_PORT)"
  mkdir -p "$DIR"/{run,log,crash,mon/a,osd/0,rgw}
  touch "$MARKER"
  printf 'PORT=%s\nMON_PORT=%s\n' "$PORT" "$MON_PORT" >"$SETTINGS"
  fsid="$(uuidgen)"
  write_conf "$fsid"

  ceph-authtool --create-keyring "$DIR/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool --create-keyring "$DIR/admin.keyring" --gen-key -n client.admin \
    --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
  ceph-authtool "$DIR/mon.keyring" --import-keyring "$DIR/admin.keyring" >/dev/null
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON_PORT,v1:127.0.0.1:$((MON_PORT + 1))]" "$DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/mon.keyring" >"$DIR/log/mkfs-mon.out" 2>&1 ||
    { cat "$DIR/log/mkfs-mon.out" >&2; die "ceph-mon --mkfs failed"; }
  start_daemon mon.a
  wait_for "the monitor" "$(log_file mon.a)" ceph_cli mon stat

  osd_uuid="$(uuidgen)"
  osd_id="$(ceph_cli osd new "$osd_uuid")" || die "'ceph osd new' failed; log: $(log_file mon.a)"
  [ "$osd_id" = 0 ] || die "'ceph osd new' gave OSD id '$osd_id' (expected 0)"
  ceph-osd -c "$CONF" -i 0 --mkfs --mkkey --no-mon-config --osd-uuid "$osd_uuid" >"$DIR/log/mkfs-osd.out" 2>&1 ||
    { cat "$DIR/log/mkfs-osd.out" >&2; die "ceph-osd --mkfs failed; log: $(log_file osd.0)"; }
  ceph_cli auth add osd.0 osd 'allow *' mon 'allow profile osd' mgr 'allow profile osd' -i "$DIR/osd/0/keyring" >/dev/null 2>&1 ||
    die "'ceph auth add osd.0' failed"
  start_daemon osd.0
  wait_for "the OSD to be up" "$(log_file osd.0)" osd_is_up

  ceph_cli auth get-or-create "$RGW_NAME" mon 'allow rw' osd 'allow rwx' mgr 'allow rw' -o "$DIR/rgw.keyring" >/dev/null 2>&1 ||
    die "'ceph auth get-or-create $RGW_NAME' failed"
  start_daemon "$RGW_NAME"
  wait_for "the gateway on $(endpoint)" "$(log_file "$RGW_NAME")" gateway_answers

  access="$(openssl rand -hex 10 | tr '[:lower:]' '[:upper:]')"
  secret="$(openssl rand -hex 20)"
  timeout 60 radosgw-admin -c "$CONF" user create --uid=test --display-name=test \
    --access-key="$access" --secret-key="$secret" >"$DIR/log/user-create.out" 2>&1 ||
    { cat "$DIR/log/user-create.out" >&2; die "radosgw-admin user create failed"; }
  printf 'S3_TEST_ENDPOINT=%s\nS3_TEST_ACCESS_KEY_ID=%s\nS3_TEST_SECRET_ACCESS_KEY=%s\n' "$(endpoint)" "$access" "$secret" >"$S3ENV"
  touch "$READY"
}

# The gateway and monitor ports must be free before anything of ours runs.
check_ports_free() {
  local port
  for port in "$PORT" "$MON_PORT" "$((MON_PORT + 1))"; do
    ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null ||
      die "port $port on 127.0.0.1 is in use by another program; choose other ports (--port, --mon-port; for an existing --dir, another --dir)"
  done
}

osd_is_up() { ceph_cli osd stat 2>/dev/null | grep -q '1 up'; }

# Which daemons of the folder run: prints "up" names, returns the count.
running_daemons() {
  local name count=0
  for name in "${DAEMONS[@]}"; do
    if daemon_pid "$name" >/dev/null; then count=$((count + 1)); fi
  done
  echo "$count"
}

install_packages() {
  say "installing ${PACKAGES[*]} (apt-get)"
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
}

cmd_start() {
  [ "$INSTALL" = 0 ] || install_packages
  local binary
  for binary in ceph ceph-mon ceph-osd radosgw radosgw-admin ceph-authtool monmaptool; do
    command -v "$binary" >/dev/null ||
      die "$binary is not installed; run with --install, or: apt-get install -y ${PACKAGES[*]}"
  done
  local started=$SECONDS
  if [ -f "$READY" ]; then
    load_settings
    if [ "$(running_daemons)" = 3 ] && gateway_answers; then
      say "already running"
      print_endpoint
      return 0
    fi
    [ "$(running_daemons)" != 0 ] || check_ports_free
    trap stop_after_failed_start EXIT
    say "starting the cluster in $DIR (data kept from an earlier start)"
    # The configuration is rewritten (same fsid and ports) so that a newer script's settings apply.
    write_conf "$(sed -n 's/^fsid = //p' "$CONF")"
    # The monitor, the OSD and the gateway each wait for the previous one by themselves.
    local name
    for name in "${DAEMONS[@]}"; do start_daemon "$name"; done
    if ! wait_for "the gateway on $(endpoint)" "$(log_file "$RGW_NAME")" gateway_answers; then
      ceph_cli mon stat >/dev/null 2>&1 || say "the monitor does not answer; log: $(log_file mon.a)"
      osd_is_up || say "the OSD is not up; log: $(log_file osd.0)"
      false
    fi
  else
    trap stop_after_failed_start EXIT
    create_cluster
  fi
  trap - EXIT
  say "S3 answers on $(endpoint) after $((SECONDS - started)) s"
  print_endpoint
}

# A start that fails leaves nothing running (the logs stay in the folder).
stop_after_failed_start() {
  local status=$?
  [ "$status" = 0 ] && return 0
  say "start failed; stopping what was started"
  stop_daemons || true
  exit "$status"
}

cmd_stop() {
  if [ ! -f "$MARKER" ]; then
    say "nothing to stop: $DIR holds no cluster"
    return 0
  fi
  load_settings
  stop_daemons
  say "stopped (no process left with $CONF)"
}

cmd_status() {
  if [ ! -f "$READY" ]; then
    say "not created: $DIR holds no cluster"
    exit 3
  fi
  load_settings
  local count
  count="$(running_daemons)"
  if [ "$count" = 3 ] && gateway_answers; then
    say "running"
    print_endpoint
    exit 0
  fi
  if [ "$count" = 0 ]; then
    say "stopped"
    exit 3
  fi
  local name
  for name in "${DAEMONS[@]}"; do
    if daemon_pid "$name" >/dev/null; then say "$name: running"; else say "$name: not running (log: $(log_file "$name"))"; fi
  done
  gateway_answers || say "the gateway does not answer on $(endpoint)"
  exit 1
}

"cmd_$command"
