#!/usr/bin/env bash
# The Box Java SDK 4.16.4 on boxauth's tokens (BoxAuthAPIConnection) beside the SDK's own
# BoxDeveloperEditionAPIConnection, in one run: a focused sibling of compare.sh (same emulator
# process, same drivers' conventions), short enough to rerun (about 3 minutes on 2 cores).
#
#   bash benchmarks/compare-sdk.sh
#
# 1. builds benchmarks (boxauth + the bridge + the SDK without OkHttp 4 / BouncyCastle) and the SDK
#    peer project (the SDK as shipped: OkHttp 4, BouncyCastle);
# 2. starts ONE HTTPS emulator process (EmulatorMain);
# 3. RUNS times each, alternating, in fresh JVMs: 16 threads on a cold connection doing
#    BoxUser.getCurrentUser(api).getInfo(); a token revoked behind the client's back before a call;
# 4. JMH SampleTime of one API call on a cached token: bridge, plain BoxAPIConnection(token), SDK;
# 5. writes the medians into BENCHMARKS.md (its own section; compare.sh's table is left alone).
#
# Results go to benchmarks/results/sdk-<timestamp>/ (git-ignored). Knobs: RUNS (default 5).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/benchmarks/results/sdk-$(date +%Y%m%d-%H%M%S)}
RUNS=${RUNS:-5}
JMH_TIMING=(-wi 3 -w 2s -i 5 -r 2s -f 1)
START=$(date +%s)
mkdir -p "$OUT"
LINES=$OUT/lines.jsonl
: >"$LINES"
log() { echo "[compare-sdk $(($(date +%s) - START))s] $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

log "building: mvn -B -q -DskipTests -pl benchmarks -am package; the SDK peer"
(cd "$ROOT" && mvn -B -q -DskipTests -pl benchmarks -am package) >"$OUT/build.log" 2>&1 ||
  { tail -30 "$OUT/build.log" >&2; die "boxauth build"; }
(cd "$ROOT" && mvn -B -q -DskipTests -f benchmarks/peer-box-sdk/pom.xml package) \
  >"$OUT/build-peer.log" 2>&1 || { tail -30 "$OUT/build-peer.log" >&2; die "peer build"; }
BCP=$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/classpath.txt")
SCP=$ROOT/benchmarks/peer-box-sdk/target/classes:$(cat "$ROOT/benchmarks/peer-box-sdk/target/classpath.txt")
echo "{\"client\":\"machine\",\"scenario\":\"load\",\"phase\":\"start\",\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\"}" >>"$LINES"

EMU=$OUT/emulator
java -cp "$BCP" dev.boxauth.bench.EmulatorMain "$EMU" >"$OUT/emulator.log" 2>&1 &
EMU_PID=$!
stop_emulator() {
  if [ -n "${ADMIN:-}" ]; then curl -s -m 5 "$ADMIN/shutdown" >/dev/null 2>&1; fi
  sleep 0.5
  kill "$EMU_PID" 2>/dev/null
  wait "$EMU_PID" 2>/dev/null
}
trap stop_emulator EXIT
for _ in $(seq 300); do [ -f "$EMU/ready" ] && break; sleep 0.2; done
[ -f "$EMU/ready" ] || die "the emulator did not start (see $OUT/emulator.log)"
ADMIN=$(grep '^adminUrl=' "$EMU/emulator.properties" | cut -d= -f2-)
TRUST="-Djavax.net.ssl.trustStore=$EMU/truststore.p12 -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=changeit"

driver() { # driver CLIENT ARGS...
  local client=$1
  shift
  if [ "$client" = bridge ]; then java $TRUST -cp "$BCP" dev.boxauth.bench.BridgeDriver "$@"
  else java $TRUST -cp "$SCP" dev.boxauth.peer.SdkDriver "$@"; fi
}
scenario() { # scenario CLIENT LABEL ARGS...: reset, run once, record the emulator's counters
  local client=$1 label=$2 line
  shift 2
  curl -sf "$ADMIN/reset" >/dev/null || die "emulator reset"
  line=$(driver "$client" "$@" 2>>"$OUT/drivers.err" | grep '^{')
  if [ -n "$line" ]; then echo "$line" >>"$LINES"; else log "no result: $client $label"; fi
  curl -sf "$ADMIN/counters?client=$client&scenario=$label-counters" >>"$LINES"
}

log "$RUNS x cold 16-thread getCurrentUser().getInfo() and a revoked token, alternating"
for i in $(seq "$RUNS"); do
  if [ $((i % 2)) -eq 1 ]; then order=(bridge box-sdk); else order=(box-sdk bridge); fi
  for client in "${order[@]}"; do
    scenario "$client" api-cold api-cold "$EMU" 16
    scenario "$client" api-401 api-401 "$EMU"
  done
done
curl -sf "$ADMIN/reset" >/dev/null

JVM_ARGS="$TRUST -Dbench.emulator.dir=$EMU"
jmh() { # jmh NAME CLASSPATH ARGS...
  local name=$1 cp=$2
  shift 2
  log "JMH $name: $*"
  java -cp "$cp" org.openjdk.jmh.Main "$@" -rf json -rff "$OUT/jmh-$name.json" \
    -jvmArgsAppend "$JVM_ARGS" >"$OUT/jmh-$name.log" 2>&1 || log "JMH $name failed (see its log)"
}
jmh bridge "$BCP" BridgeBenchmark "${JMH_TIMING[@]}"
jmh sdk-api "$SCP" 'SdkBenchmarks.apiCall' "${JMH_TIMING[@]}"

stop_emulator
trap - EXIT
java -cp "$BCP" dev.boxauth.bench.BridgeReport "$OUT" "$ROOT/BENCHMARKS.md" "bash benchmarks/compare-sdk.sh" ||
  die "report"
log "done in $(($(date +%s) - START)) s; raw results in $OUT"
