#!/usr/bin/env bash
# hookcli against its peers, side by side in one run on 127.0.0.1, printed as a Markdown table.
#
#   benches/compare.sh                 # everything, RUNS=12 wrk runs of DURATION each
#   RUNS=3 DURATION=2s benches/compare.sh
#   BASELINE=/path/to/old/hookcli benches/compare.sh   # also the old binary, A/B in the same run
#   ONLY=store benches/compare.sh      # only the store at scale (1,000,000 records; a few minutes)
#   ONLY=listen benches/compare.sh     # only the listener against the storing floors
#   ONLY=replay benches/compare.sh     # only replay all against send --repeat
#   ONLY=inspect benches/compare.sh    # only inspect on 1,000,000 records, in tmux (benches/inspect.py)
#
# Installs what it needs once (wrk, hyperfine and GNU time from Debian; oha and
# http-echo-server from crates.io; pytest-httpserver and mitmproxy from PyPI) and caches it.
# The machine drifts 20-30% for a minute at a time, so only ratios within one run mean
# anything: every server is measured round-robin within each run, and the minimal hyper
# server (the ceiling) is run before and after hookcli, the two compared by their mean.
# Not run in CI: it takes several minutes and wants a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-12}
DURATION=${DURATION:-3s}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
log() { printf '%s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------------------------
need_apt=()
command -v wrk >/dev/null || need_apt+=(wrk)
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
command -v curl >/dev/null || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [ -z "${ONLY:-}" ]; then
  command -v oha >/dev/null || { log "installing oha"; cargo install oha --locked -q; }
  command -v echo-server >/dev/null || { log "installing http-echo-server"; cargo install http-echo-server --version 0.1.1 -q; }
  python3 -c 'import pytest_httpserver' 2>/dev/null || { log "installing pytest-httpserver"; pip install -q pytest-httpserver; }
  command -v mitmdump >/dev/null || { log "installing mitmproxy"; pip install -q mitmproxy; }
fi

log "building hookcli and the minimal server (release)"
cargo build --release -q
cargo build --release -q --manifest-path benches/minimal-server/Cargo.toml --target-dir "$ROOT/target/minimal-server"
HOOKCLI=$ROOT/target/release/hookcli
MINIMAL=$ROOT/target/minimal-server/release/minimal-server
VERSION=$("$HOOKCLI" --version)
# An earlier build to compare with, measured beside this one in every round (A/B).
BASELINE=${BASELINE:-}
if [ -n "$BASELINE" ]; then
  [ -x "$BASELINE" ] || { log "BASELINE=$BASELINE is not an executable"; exit 2; }
  BASELINE=$(realpath "$BASELINE")
fi

# --- the payload: 1,143 bytes of JSON ---------------------------------------------------------
python3 - "$WORK/payload.json" <<'EOF'
import json, sys
event = {"id": "evt_1", "type": "order.created", "data": {"items": [{"sku": f"sku-{i:04d}", "qty": i % 7} for i in range(20)]}, "note": ""}
event["note"] = "x" * (1143 - len(json.dumps(event, separators=(",", ":"))))
text = json.dumps(event, separators=(",", ":"))
assert len(text) == 1143, len(text)
open(sys.argv[1], "w").write(text)
EOF
cat > "$WORK/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$WORK/payload.json", "rb"); wrk.body = f:read("*a"); f:close()
EOF

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; log "port $1 never answered"; return 1; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
mean2() { awk -v a="$1" -v b="$2" 'BEGIN {print (a+b)/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.1f%%", 100*a/b; else print "n/a"}'; }
fmt() { awk -v a="$1" 'BEGIN {printf "%.0f", a}'; }

# --- the store at scale: 1,000,000 records -----------------------------------------------------
# One record line checked by hookcli itself (captured by a listener, read back by `list --json`),
# written 1,000,000 times with fresh ids: about 1.9 GB. Every figure is process start to exit,
# on a store the page cache holds (it is read once before). The store is removed at the end.
store_at_scale() {
  local store="$WORK/scale.jsonl" small="$WORK/scale-1000.jsonl" one="$WORK/one.jsonl"
  local p listener; p=$(free_port)
  # Two captures: wait_port's GET, then the event.
  "$HOOKCLI" listen --port "$p" --quiet --count 2 --store "$WORK/two.jsonl" 2>/dev/null & listener=$!
  wait_port "$p"
  curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @"$WORK/payload.json" "http://127.0.0.1:$p/hooks/orders"
  wait "$listener" || true
  tail -n 1 "$WORK/two.jsonl" > "$one"
  cmp <("$HOOKCLI" list --json --store "$one") "$one" || { log "the checked line does not read back as itself"; exit 1; }
  python3 - "$one" "$store" <<'PY'
import sys
line = open(sys.argv[1]).read()
assert line.startswith('{"id":"') and line[33] == '"' and line.endswith("\n"), line[:40]
head, tail = line[:7], line[33:]
with open(sys.argv[2], "w") as out:
    for start in range(0, 1_000_000, 10_000):
        out.write("".join(f"{head}01JSCALE{i:018d}{tail}" for i in range(start, start + 10_000)))
PY
  head -n 1000 "$store" > "$small"
  cat "$store" > /dev/null   # into the page cache
  local bytes; bytes=$(stat -c %s "$store")
  local gb; gb=$(awk -v b="$bytes" 'BEGIN {printf "%.2f", b/1e9}')
  log "store at scale: $gb GB, $(wc -l < "$store") records"
  # Median milliseconds of a command, by hyperfine (process start to exit).
  ms() {
    hyperfine -N --warmup 5 --runs 30 --export-json "$WORK/h.json" "$1" >/dev/null 2>&1
    python3 -c "import json, sys; print('%.1f' % (json.load(open(sys.argv[1]))['results'][0]['median'] * 1000))" "$WORK/h.json"
  }
  # Seconds, peak RSS (KiB) and CPU seconds of one run, by GNU time; the output goes to /dev/null.
  timed() { /usr/bin/time -f '%e %M %U %S' -o "$WORK/t.out" "$@" > /dev/null 2>/dev/null || true; tail -1 "$WORK/t.out" | awk '{print $1, $2, $3 + $4}'; }
  seconds_of() { timed "$@" | awk '{print $1}'; }
  cpu_of() { timed "$@" | awk '{print $3}'; }
  median3() { local a b c; a=$("$@"); b=$("$@"); c=$("$@"); printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -g | sed -n 2p; }
  gbps() { awk -v b="$bytes" -v s="$1" 'BEGIN {if (s > 0) printf "%.2f", b/1e9/s; else print "n/a"}'; }
  mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k/1024}'; }
  field() { echo "$1" | awk -v n="$2" '{print $n}'; }

  local show_big show_small
  show_big=$(ms "$HOOKCLI show last --json --store $store")
  show_small=$(ms "$HOOKCLI show last --json --store $small")
  # list --last 20 numbers its rows: the first run on a store counts it (and leaves the
  # checkpoint beside it), the next ones count only what was appended since.
  rm -f "$WORK/.scale.jsonl.count"
  local start cold_last last20 show_pretty
  start=$(date +%s.%N); "$HOOKCLI" list --last 20 --store "$store" > /dev/null
  cold_last=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.0f", (e-s)*1000}')
  last20=$(ms "$HOOKCLI list --last 20 --store $store")
  show_pretty=$(ms "$HOOKCLI show --store $store")
  local list_rss list_s list_cpu json_s grep_s load_before
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  list_rss=$(field "$(timed "$HOOKCLI" list --store "$store")" 2)
  list_s=$(median3 seconds_of "$HOOKCLI" list --store "$store")
  list_cpu=$(median3 cpu_of "$HOOKCLI" list --store "$store")
  json_s=$(median3 seconds_of "$HOOKCLI" list --json --store "$store")
  grep_s=$(median3 seconds_of "$HOOKCLI" list --grep NEEDLE_NOT_THERE --store "$store")
  local sp target replay_big replay_small export_big export_small
  sp=$(free_port); "$MINIMAL" "$sp" 2>/dev/null & target=$!; wait_port "$sp"
  replay_big=$(timed "$HOOKCLI" replay all --from "$store" --to "http://127.0.0.1:$sp" --concurrency 50 --json)
  replay_small=$(timed "$HOOKCLI" replay all --from "$small" --to "http://127.0.0.1:$sp" --concurrency 50 --json)
  kill "$target" 2>/dev/null || true
  export_big=$(timed "$HOOKCLI" export --har /dev/null --store "$store")
  export_small=$(timed "$HOOKCLI" export --har /dev/null --store "$small")
  rm -f "$store" "$small" "$one" "$WORK/two.jsonl" "$WORK/.scale.jsonl.count"
  cat <<EOF

## The store at scale

$VERSION on $(nproc) cores ($(uname -m), $(date -u +%Y-%m-%d)); a generated store of 1,000,000
records ($gb GB: the 1,143-byte JSON event's line as hookcli stores it, with fresh ids), held in
the page cache; hyperfine medians (30 runs after 5 warm-up runs), or GNU time (throughput: the
median of 3 runs), process start to exit. Load average before the throughput runs: $load_before
(on $(nproc) cores; above that, wall-clock throughput is shared with other work, and the figure per
CPU second says what the code does).

| what | figure | target |
| --- | ---: | --- |
| \`show last --json\`, 1,000,000 records / 1,000 records | $show_big ms / $show_small ms | under 20 ms, within 2× of 1,000 |
| \`list --last 20\` (numbered from the count's checkpoint) | $last20 ms | under 50 ms |
| \`list --last 20\`, first run on the store (counts it whole, writes the checkpoint) | $cold_last ms | |
| \`show\` (the block, numbered from the checkpoint) | $show_pretty ms | |
| \`list > /dev/null\`: peak RSS / throughput | $(mib "$list_rss") MiB / $(gbps "$list_s") GB/s ($list_s s) | under 50 MiB; at least 1 GB/s |
| \`list > /dev/null\`: store read per CPU second (user + system) | $(gbps "$list_cpu") GB/s ($list_cpu s) | |
| \`list --json > /dev/null\`: throughput | $(gbps "$json_s") GB/s ($json_s s) | |
| \`list --grep NEEDLE\` (no match): throughput | $(gbps "$grep_s") GB/s ($grep_s s) | at least 1.5 GB/s |
| \`replay all --concurrency 50\` peak RSS: 1,000,000 / 1,000 records | $(mib "$(field "$replay_big" 2)") MiB / $(mib "$(field "$replay_small" 2)") MiB ($(field "$replay_big" 1) s for 1,000,000) | under 50 MiB, as at 1,000 |
| \`export --har\` peak RSS: 1,000,000 / 1,000 records | $(mib "$(field "$export_big" 2)") MiB / $(mib "$(field "$export_small" 2)") MiB ($(field "$export_big" 1) s for 1,000,000) | under 50 MiB, as at 1,000 |
EOF
}

if [ "${ONLY:-}" = store ]; then
  store_at_scale
  exit 0
fi
# `inspect` on 1,000,000 records in tmux (its first page, a key, its memory): its own script.
if [ "${ONLY:-}" = inspect ]; then
  python3 benches/inspect.py
  exit 0
fi

# --- replay: 100,000 records against send --repeat --------------------------------------------
# Replay and send take turns against the minimal server on port $p; sets REPLAY_* for the tables.
replay_turns() {
  python3 - "$WORK/big.jsonl" "$WORK/payload.json" <<'EOF'
import json, sys
body = open(sys.argv[2]).read()
with open(sys.argv[1], "w") as out:
    for i in range(100000):
        out.write(json.dumps({"id": f"01JBENCH{i:018d}", "received_at": "2026-01-01T00:00:00.000Z", "remote_addr": "127.0.0.1:1",
            "method": "POST", "path": f"/hooks/{i}", "query": None, "http_version": "HTTP/1.1",
            "headers": [["Host", "x"], ["Content-Type", "application/json"], ["Content-Length", str(len(body))]],
            "body": body, "body_encoding": "utf8", "body_size": len(body)}, separators=(",", ":")) + "\n")
EOF
  sync "$WORK/big.jsonl"
  REPLAY_OUT=$( { /usr/bin/time -f '%M' "$HOOKCLI" replay all --from "$WORK/big.jsonl" --to "http://127.0.0.1:$p" --concurrency 50 --json > "$WORK/replay.ndjson"; } 2>&1 | tail -1 )
  # Replay and send take turns, 5 runs each, so a minute of drift does not land on one of them.
  # Both are timed the same way, from process start to exit.
  : > "$WORK/replay.rps"; : > "$WORK/replay_send.rps"; : > "$WORK/replay_base.rps"; : > "$WORK/replay_send_base.rps"
  # One turn of BINARY: replay all, then send --repeat, each rate appended to its file.
  replay_and_send() {
    local binary=$1 replays=$2 sends=$3 start
    start=$(date +%s.%N)
    "$binary" replay all --from "$WORK/big.jsonl" --to "http://127.0.0.1:$p" --concurrency 50 --json > /dev/null 2>&1
    awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {print 100000/(e-s)}' >> "$replays"
    start=$(date +%s.%N)
    "$binary" send "http://127.0.0.1:$p/" -d @"$WORK/payload.json" --repeat 100000 --concurrency 50 --json > /dev/null
    awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {print 100000/(e-s)}' >> "$sends"
  }
  for run in $(seq 5); do
    replay_and_send "$HOOKCLI" "$WORK/replay.rps" "$WORK/replay_send.rps"
    if [ -n "$BASELINE" ]; then
      replay_and_send "$BASELINE" "$WORK/replay_base.rps" "$WORK/replay_send_base.rps"
    fi
  done
  REPLAY_RPS=$(median < "$WORK/replay.rps"); REPLAY_SEND=$(median < "$WORK/replay_send.rps")
  if [ -n "$BASELINE" ]; then
    REPLAY_BASE=$(median < "$WORK/replay_base.rps"); REPLAY_SEND_BASE=$(median < "$WORK/replay_send_base.rps")
  fi
  SMALL_RSS=$( { /usr/bin/time -f '%M' "$HOOKCLI" replay 1..1000 --from "$WORK/big.jsonl" --to "http://127.0.0.1:$p" --concurrency 50 --json > /dev/null; } 2>&1 | tail -1 )
}
if [ "${ONLY:-}" = replay ]; then
  p=$(free_port); "$MINIMAL" "$p" 2>/dev/null & SINGLE=$!; wait_port "$p"
  replay_turns
  kill "$SINGLE" 2>/dev/null || true
  cat <<EOF

## Replay against send

$VERSION on $(nproc) cores; 100,000 requests of the 1,143-byte JSON event to the minimal server,
\`--concurrency 50\`, five turns each taking turns, process start to exit, medians.

| what | requests/s | target |
| --- | ---: | --- |
| \`send --repeat 100000\` | $(fmt "$REPLAY_SEND") | |
| \`replay all\` of a 100,000-record store | $(fmt "$REPLAY_RPS") ($(ratio "$REPLAY_RPS" "$REPLAY_SEND") of send) | at least 80% of send |
| replay peak RSS: 100,000 records / 1,000 records | $((REPLAY_OUT / 1024)) MiB / $((SMALL_RSS / 1024)) MiB | flat, under 50 MiB |
EOF
  if [ -n "$BASELINE" ]; then
    cat <<EOF
| baseline \`send --repeat 100000\` | $(fmt "$REPLAY_SEND_BASE") ($(ratio "$REPLAY_SEND" "$REPLAY_SEND_BASE") for this build) | at most 3% slower |
| baseline \`replay all\` | $(fmt "$REPLAY_BASE") ($(ratio "$REPLAY_RPS" "$REPLAY_BASE") for this build) | at most 3% slower |
EOF
  fi
  exit 0
fi

# --- servers ----------------------------------------------------------------------------------
declare -A PORT PID
p=$(free_port); PORT[minimal]=$p; "$MINIMAL" "$p" 2>/dev/null & PID[minimal]=$!; wait_port "$p"
p=$(free_port); PORT[quiet]=$p; "$HOOKCLI" listen --port "$p" --quiet --store "$WORK/quiet.jsonl" 2>/dev/null & PID[quiet]=$!; wait_port "$p"
# hookcli's store line for this request, as the length the appending reference writes.
curl -s -o /dev/null -H 'User-Agent:' -H 'Accept:' -H 'Content-Type: application/json' \
  --data-binary @"$WORK/payload.json" "http://127.0.0.1:${PORT[quiet]}/"
LINE_BYTES=$(tail -n 1 "$WORK/quiet.jsonl" | wc -c)
# The least any store costs: the minimal server appending each body to a file, and the same
# appending as many bytes as hookcli's line (no record around them, never waiting for a write).
p=$(free_port); PORT[append_body]=$p; "$MINIMAL" "$p" "$WORK/append_body.txt" 2>/dev/null & PID[append_body]=$!; wait_port "$p"
p=$(free_port); PORT[append_line]=$p; "$MINIMAL" "$p" "$WORK/append_line.txt" "$LINE_BYTES" 2>/dev/null & PID[append_line]=$!; wait_port "$p"
p=$(free_port); PORT[append_json]=$p; "$MINIMAL" "$p" "$WORK/append_json.txt" "$LINE_BYTES" json 2>/dev/null & PID[append_json]=$!; wait_port "$p"
p=$(free_port); PORT[json]=$p; "$HOOKCLI" listen --port "$p" --json --store "$WORK/json.jsonl" >/dev/null 2>&1 & PID[json]=$!; wait_port "$p"
if [ -n "$BASELINE" ]; then
  p=$(free_port); PORT[quiet_base]=$p; "$BASELINE" listen --port "$p" --quiet --store "$WORK/quiet_base.jsonl" 2>/dev/null & PID[quiet_base]=$!; wait_port "$p"
  p=$(free_port); PORT[json_base]=$p; "$BASELINE" listen --port "$p" --json --store "$WORK/json_base.jsonl" >/dev/null 2>&1 & PID[json_base]=$!; wait_port "$p"
fi
if [ "${ONLY:-}" != listen ]; then
p=$(free_port); PORT[echo]=$p; echo-server -p "$p" >/dev/null 2>&1 & PID[echo]=$!; wait_port "$p"
p=$(free_port); PORT[pytest]=$p
python3 - "$p" >/dev/null 2>&1 <<'EOF' &
import sys, time
from pytest_httpserver import HTTPServer
server = HTTPServer(host="127.0.0.1", port=int(sys.argv[1]))
server.expect_request("/", method="POST").respond_with_data("ok")
server.expect_request("/", method="GET").respond_with_data("ok")
server.start()
while True:
    time.sleep(3600)
EOF
PID[pytest]=$!; wait_port "$p"
p=$(free_port); PORT[mitm]=$p
mitmdump --mode "reverse:http://127.0.0.1:${PORT[minimal]}" --listen-host 127.0.0.1 --listen-port "$p" -w "$WORK/flows.mitm" -q >/dev/null 2>&1 & PID[mitm]=$!; wait_port "$p"
fi


# Requests per second of one wrk run against a server; the count of requests it completed is
# added to $WORK/NAME.sent, to compare with what was stored.
wrk_rps() {
  wrk -t2 -c50 -d"$DURATION" -s "$WORK/post.lua" "http://127.0.0.1:${PORT[$1]}/" > "$WORK/wrk.out"
  awk '/requests in/ {print $1}' "$WORK/wrk.out" >> "$WORK/$1.sent"
  awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.out"
}

SERVERS=(minimal_before quiet json append_body append_line append_json echo pytest mitm minimal_after)
[ -n "$BASELINE" ] && SERVERS=(minimal_before quiet quiet_base json json_base append_body append_line append_json echo pytest mitm minimal_after)
if [ "${ONLY:-}" = listen ]; then
  SERVERS=(minimal_before quiet json append_line append_json minimal_after)
  [ -n "$BASELINE" ] && SERVERS=(minimal_before quiet quiet_base json json_base append_line append_json minimal_after)
fi
for server in "${SERVERS[@]}"; do : > "$WORK/$server.rps"; done
log "measuring: $RUNS runs of $DURATION per server, round-robin"
for run in $(seq "$RUNS"); do
  for server in "${SERVERS[@]}"; do
    target=$server; [[ $server == minimal_* ]] && target=minimal
    wrk_rps "$target" >> "$WORK/$server.rps"
  done
  log "  run $run/$RUNS done"
done
declare -A MED
for server in "${SERVERS[@]}"; do MED[$server]=$(median < "$WORK/$server.rps"); done
CEILING=$(mean2 "${MED[minimal_before]}" "${MED[minimal_after]}")
PYTEST_RSS_KIB=$(awk '/VmHWM/ {print $2}' "/proc/${PID[pytest]:-self}/status")
RSS_KIB=$(awk '/VmHWM/ {print $2}' "/proc/${PID[quiet]}/status")
RSS_JSON_KIB=$(awk '/VmHWM/ {print $2}' "/proc/${PID[json]}/status")
[ -n "$BASELINE" ] && kill "${PID[quiet_base]}" "${PID[json_base]}" 2>/dev/null
kill "${PID[quiet]}" "${PID[json]}" "${PID[append_body]}" "${PID[append_line]}" "${PID[append_json]}" "${PID[echo]:-}" "${PID[pytest]:-}" "${PID[mitm]:-}" 2>/dev/null || true
sleep 1
STORED=$(wc -l < "$WORK/quiet.jsonl")
SENT=$(awk '{s += $1} END {print s}' "$WORK/quiet.sent")
TORN=$(python3 -c "
import json,sys
bad=0
for line in open('$WORK/quiet.jsonl'):
    try: json.loads(line)
    except Exception: bad+=1
print(bad)")
# The stores and files above hold GBs the kernel is still writing to disk: removed, so that
# writing them back does not share the cores with what is measured next.
rm -f "$WORK/quiet.jsonl" "$WORK/json.jsonl" "$WORK/quiet_base.jsonl" "$WORK/json_base.jsonl" "$WORK"/append_*.txt "$WORK/flows.mitm"

# The listener against the floors of #16: the minimal server appending as many bytes as
# hookcli's line, and the same writing the body escaped as a JSON string.
floor_table() {
  cat <<EOF

## The listener against the storing floor

$VERSION on $(nproc) cores; wrk \`-t2 -c50 -d$DURATION\`, the 1,143-byte JSON POST, medians of $RUNS runs,
round-robin; every request wrk completed stored ($SENT sent, $STORED stored, $TORN lines that do not parse).

| what | requests/s | share of the appending floor | share of the escaping floor | target |
| --- | ---: | ---: | ---: | --- |
| minimal server appending $LINE_BYTES bytes a request (the appending floor) | $(fmt "${MED[append_line]}") | 100% | | |
| the same writing the body as a JSON string, escaped by serde_json (the escaping floor) | $(fmt "${MED[append_json]}") | $(ratio "${MED[append_json]}" "${MED[append_line]}") | 100% | |
| \`listen --quiet\` | $(fmt "${MED[quiet]}") | $(ratio "${MED[quiet]}" "${MED[append_line]}") | $(ratio "${MED[quiet]}" "${MED[append_json]}") | at least 90% of the appending floor |
| \`listen --json > /dev/null\` | $(fmt "${MED[json]}") | $(ratio "${MED[json]}" "${MED[append_line]}") | $(ratio "${MED[json]}" "${MED[append_json]}") | at least 85% of the appending floor |
EOF
  if [ -n "$BASELINE" ]; then
    cat <<EOF
| baseline \`listen --quiet\` | $(fmt "${MED[quiet_base]}") | $(ratio "${MED[quiet_base]}" "${MED[append_line]}") | $(ratio "${MED[quiet_base]}" "${MED[append_json]}") | |
| baseline \`listen --json > /dev/null\` | $(fmt "${MED[json_base]}") | $(ratio "${MED[json_base]}" "${MED[append_line]}") | $(ratio "${MED[json_base]}" "${MED[append_json]}") | |
EOF
  fi
}
if [ "${ONLY:-}" = listen ]; then
  floor_table
  exit 0
fi

# --- one send against curl ---------------------------------------------------------------------
p=$(free_port); "$MINIMAL" "$p" 2>/dev/null & SINGLE=$!; wait_port "$p"
hyperfine -N --warmup 20 --runs 300 --export-json "$WORK/single.json" \
  "curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @$WORK/payload.json http://127.0.0.1:$p/" \
  "$HOOKCLI send http://127.0.0.1:$p/ -d @$WORK/payload.json --quiet" >/dev/null
read -r CURL_MS SEND_MS < <(python3 -c "
import json; r=json.load(open('$WORK/single.json'))['results']
print(' '.join(f\"{x['median']*1000:.2f}\" for x in r))")

# --- bulk: send --repeat against oha -----------------------------------------------------------
oha_rps() { oha -n 20000 -c 50 -m POST -H 'Content-Type: application/json' -D "$WORK/payload.json" --no-tui --output-format json "http://127.0.0.1:$p/" | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["requestsPerSec"])'; }
send_rps() { "$HOOKCLI" send "http://127.0.0.1:$p/" -d @"$WORK/payload.json" --repeat 20000 --concurrency 50 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["requests_per_second"], d["latency_ms"]["p50"], d["latency_ms"]["p90"], d["latency_ms"]["p99"])'; }
: > "$WORK/oha.rps"; : > "$WORK/send.rps"; : > "$WORK/send.lat"
for run in $(seq 5); do
  oha_rps >> "$WORK/oha.rps"
  send_rps | tee -a "$WORK/send.lat" | awk '{print $1}' >> "$WORK/send.rps"
done
OHA=$(median < "$WORK/oha.rps"); SEND=$(median < "$WORK/send.rps")
read -r _ P50 P90 P99 < <(sort -g "$WORK/send.lat" | sed -n 3p)

replay_turns
kill "$SINGLE" 2>/dev/null || true

# --- the table ----------------------------------------------------------------------------------
cat <<EOF
# hookcli benchmarks

$VERSION on $(nproc) cores ($(uname -m), $(date -u +%Y-%m-%d)); wrk \`-t2 -c50 -d$DURATION\`, a 1,143-byte JSON POST,
median of $RUNS runs per server, servers measured round-robin within each run.
Ceiling: the minimal hyper server, the mean of its medians before ($(fmt "${MED[minimal_before]}")) and after ($(fmt "${MED[minimal_after]}")) the others.

| what | requests/s | vs ceiling | target |
| --- | ---: | ---: | --- |
| minimal hyper server (ceiling) | $(fmt "$CEILING") | 100% | |
| \`hookcli listen --quiet\`, storing every request | $(fmt "${MED[quiet]}") | $(ratio "${MED[quiet]}" "$CEILING") | against the floor: see below |
| \`hookcli listen --json > /dev/null\` | $(fmt "${MED[json]}") | $(ratio "${MED[json]}" "$CEILING") | against the floor: see below |
| minimal server appending each body to a file ($(( $(wc -c < "$WORK/payload.json") + 1 )) bytes a request, no record, no waiting) | $(fmt "${MED[append_body]}") | $(ratio "${MED[append_body]}" "$CEILING") | |
| the same appending $LINE_BYTES bytes a request, as many as hookcli's line | $(fmt "${MED[append_line]}") | $(ratio "${MED[append_line]}" "$CEILING") | |
| the same writing the body as a JSON string, escaped by serde_json | $(fmt "${MED[append_json]}") | $(ratio "${MED[append_json]}" "$CEILING") | |
| http-echo-server 0.1.1 (stores nothing) | $(fmt "${MED[echo]}") | $(ratio "${MED[echo]}" "$CEILING") | |
| pytest-httpserver | $(fmt "${MED[pytest]}") | $(ratio "${MED[pytest]}" "$CEILING") | |
| \`mitmdump\` reverse proxy with \`-w\` | $(fmt "${MED[mitm]}") | $(ratio "${MED[mitm]}" "$CEILING") | |

| what | figure | target |
| --- | ---: | --- |
| \`listen --quiet\` peak RSS under that load | $((RSS_KIB / 1024)) MiB | under 50 MiB |
| \`listen --json\` peak RSS under that load | $((RSS_JSON_KIB / 1024)) MiB | |
| pytest-httpserver RSS | $((PYTEST_RSS_KIB / 1024)) MiB | |
| \`listen --quiet\`: requests wrk completed / records stored / lines that do not parse | $SENT / $STORED / $TORN | every request stored |
| one \`curl\` POST (hyperfine median, process start to exit) | $CURL_MS ms | |
| one \`hookcli send\` | $SEND_MS ms | no slower than curl |
| \`oha -n 20000 -c 50\` (median of 5) | $(fmt "$OHA") requests/s | |
| \`hookcli send --repeat 20000 --concurrency 50\` (median of 5) | $(fmt "$SEND") requests/s ($(ratio "$SEND" "$OHA") of oha) | at least 90% of oha |
| its latency p50 / p90 / p99 | $P50 / $P90 / $P99 ms | |
| \`hookcli send --repeat 100000 --concurrency 50\` (median of 5, process start to exit) | $(fmt "$REPLAY_SEND") requests/s | |
| \`hookcli replay all\` of a 100,000-record store, \`--concurrency 50\` (median of 5, taking turns with send, process start to exit) | $(fmt "$REPLAY_RPS") requests/s ($(ratio "$REPLAY_RPS" "$REPLAY_SEND") of send) | at least 80% of send |
| replay peak RSS: 100,000 records / 1,000 records | $((REPLAY_OUT / 1024)) MiB / $((SMALL_RSS / 1024)) MiB | flat, under 50 MiB |
EOF
if [ -n "$BASELINE" ]; then
cat <<EOF

## A/B against the baseline

Baseline: \`$BASELINE\` ($("$BASELINE" --version)), measured in the same rounds as this build.

| what | this build | baseline | this build vs baseline |
| --- | ---: | ---: | ---: |
| \`listen --quiet\` requests/s (share of the ceiling) | $(fmt "${MED[quiet]}") ($(ratio "${MED[quiet]}" "$CEILING")) | $(fmt "${MED[quiet_base]}") ($(ratio "${MED[quiet_base]}" "$CEILING")) | $(ratio "${MED[quiet]}" "${MED[quiet_base]}") |
| \`listen --json > /dev/null\` requests/s (share of the ceiling) | $(fmt "${MED[json]}") ($(ratio "${MED[json]}" "$CEILING")) | $(fmt "${MED[json_base]}") ($(ratio "${MED[json_base]}" "$CEILING")) | $(ratio "${MED[json]}" "${MED[json_base]}") |
| \`replay all\`, 100,000 records (median of 5, process start to exit) | $(fmt "$REPLAY_RPS") | $(fmt "$REPLAY_BASE") | $(ratio "$REPLAY_RPS" "$REPLAY_BASE") |
| \`send --repeat 100000\` (median of 5, process start to exit) | $(fmt "$REPLAY_SEND") | $(fmt "$REPLAY_SEND_BASE") | $(ratio "$REPLAY_SEND" "$REPLAY_SEND_BASE") |
EOF
fi
floor_table

store_at_scale

echo
python3 benches/inspect.py
