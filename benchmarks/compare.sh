#!/usr/bin/env bash
# boxauth side by side with the Box Java SDK 4.16.4 and with openssl, in one run, so that every
# performance claim is a ratio measured on the same machine at the same time.
#
#   bash benchmarks/compare.sh
#
# 1. builds the boxauth reactor (benchmarks and the modules it needs; tests skipped) and, apart,
#    the Box SDK peer project (benchmarks/peer-box-sdk: OkHttp 4 + BouncyCastle can't share a
#    class path with boxauth);
# 2. starts ONE emulator process (HTTPS; the SDK refuses plain HTTP) with a loopback admin
#    endpoint for faults, clock skew and request counters;
# 3. runs each scenario in a fresh JVM of each client against it: time to first token, 64-thread
#    cold stampedes, server clock +-120 s, two 429s;
# 4. runs `openssl speed -seconds 3 rsa2048` (the physical limit for signing) three times;
# 5. runs the JMH benchmarks of both (short: 1 fork, 3 x 2 s warm-up, 5 x 2 s measured);
# 6. joins everything into one table (benchmarks/.../Report.java), prints it and writes it into
#    BENCHMARKS.md at the repository root.
#
# Results (raw JMH JSON, JSON lines, logs) go to benchmarks/results/<timestamp>/ (git-ignored).
# About 10 minutes on a 2-core machine. Environment knobs: FIRST_TOKEN_RUNS (default 10),
# LAP_RUNS (default 5), BENCH_OUT (results directory), BENCH_PRIORITY=rt (the emulator and every
# measured process at real-time round-robin priority, `chrt -r 10`, so that other work on a shared
# machine can't take their CPUs; needs root; both clients get it; the table says so).
#
#   bash benchmarks/compare.sh --startup
#
# runs only the start-up rows (first token in a fresh JVM, `./boxauth token` with and without its
# class archive, the start-up laps; about 3 minutes) and writes them into their own section of
# BENCHMARKS.md.
set -uo pipefail

STARTUP_ONLY=no
if [ "${1:-}" = "--startup" ]; then STARTUP_ONLY=yes; fi
PRIO=()
if [ "${BENCH_PRIORITY:-}" = rt ]; then
  if chrt -r 10 true 2>/dev/null; then
    PRIO=(chrt -r 10)
  else
    echo "BENCH_PRIORITY=rt: chrt refused; running at normal priority" >&2
  fi
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/benchmarks/results/$(date +%Y%m%d-%H%M%S)}
RUNS=${FIRST_TOKEN_RUNS:-10}
LAP_RUNS=${LAP_RUNS:-5}
JMH_TIMING=(-wi 3 -w 2s -i 5 -r 2s -f 1)
START=$(date +%s)

mkdir -p "$OUT"
LINES=$OUT/lines.jsonl
: >"$LINES"
log() { echo "[compare $(($(date +%s) - START))s] $*" >&2; }
die() { log "FAILED: $*"; exit 1; }
# The machine may be shared: record the load when each phase begins.
phase() {
  echo "{\"client\":\"machine\",\"scenario\":\"load\",\"phase\":\"$1\",\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\"}" >>"$LINES"
}

# ---- 1. build ----------------------------------------------------------------------------------
log "building boxauth: mvn -B -q -DskipTests -pl benchmarks,auth-cli -am package"
(cd "$ROOT" && mvn -B -q -DskipTests -pl benchmarks,auth-cli -am package) >"$OUT/build.log" 2>&1 ||
  { tail -30 "$OUT/build.log" >&2; die "boxauth build"; }
log "building the Box SDK peer: mvn -B -q -f benchmarks/peer-box-sdk/pom.xml package"
(cd "$ROOT" && mvn -B -q -DskipTests -f benchmarks/peer-box-sdk/pom.xml package) \
  >"$OUT/build-peer.log" 2>&1 || { tail -30 "$OUT/build-peer.log" >&2; die "peer build"; }
BCP=$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/classpath.txt")
SCP=$ROOT/benchmarks/peer-box-sdk/target/classes:$(cat "$ROOT/benchmarks/peer-box-sdk/target/classpath.txt")

# ---- the machine -------------------------------------------------------------------------------
json_str() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
RAM=$(free -h | awk '/^Mem:/ {print $2}')
JDK=$(java -version 2>&1 | head -1)
OPENSSL=$(openssl version)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
# The SDK's version is the one its drivers run with: the jar on the peer's classpath.
SDK_VERSION=$(tr ':' '\n' <"$ROOT/benchmarks/peer-box-sdk/target/classpath.txt" |
  sed -n 's:.*/box-java-sdk-\(.*\)\.jar$:\1:p')
printf '{"client":"machine","scenario":"machine","date":"%s","nproc":%s,"cpu":"%s","ram":"%s","jdk":"%s","openssl":"%s","load":"%s","priority":"%s","sdk":"%s"}\n' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$(json_str "$CPU")" "$RAM" "$(json_str "$JDK")" \
  "$(json_str "$OPENSSL")" "$LOAD" "${PRIO[*]:-normal}" "$SDK_VERSION" >>"$LINES"

# ---- 2. the emulator ---------------------------------------------------------------------------
EMU=$OUT/emulator
log "starting the emulator process (HTTPS) in $EMU"
${PRIO[@]+"${PRIO[@]}"} java -cp "$BCP" dev.boxauth.bench.EmulatorMain "$EMU" >"$OUT/emulator.log" 2>&1 &
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

boxauth_driver() { ${PRIO[@]+"${PRIO[@]}"} java $TRUST -cp "$BCP" dev.boxauth.bench.BoxAuthDriver "$@"; }
sdk_driver() { ${PRIO[@]+"${PRIO[@]}"} java $TRUST -cp "$SCP" dev.boxauth.peer.SdkDriver "$@"; }
driver() { if [ "$1" = boxauth ]; then shift; boxauth_driver "$@"; else shift; sdk_driver "$@"; fi; }

# scenario CLIENT LABEL ADMIN_SETUP ARGS...: reset the emulator, apply the setup (e.g. a skew),
# run the client's driver once, then record the emulator's counters under the same label.
scenario() {
  local client=$1 label=$2 setup=$3
  shift 3
  curl -sf "$ADMIN/reset" >/dev/null || die "emulator reset"
  if [ -n "$setup" ]; then curl -sf "$ADMIN/$setup" >/dev/null || die "emulator $setup"; fi
  local line
  line=$(driver "$client" "$@" 2>>"$OUT/drivers.err" | grep '^{')
  if [ -n "$line" ]; then echo "$line" >>"$LINES"; else log "no result: $client $label"; fi
  curl -sf "$ADMIN/counters?client=$client&scenario=$label" >>"$LINES"
}

# ---- 3. fresh-JVM scenarios --------------------------------------------------------------------
log "time to first token: 1 discarded + $RUNS runs per client, alternating"
phase first-token
first_token() {
  local client=$1 keep=$2 t0 t1 line
  t0=$(date +%s%N)
  line=$(driver "$client" first-token "$EMU" 2>>"$OUT/drivers.err" | grep '^{')
  t1=$(date +%s%N)
  if [ "$keep" = yes ]; then
    echo "$line" >>"$LINES"
    echo "{\"client\":\"$client\",\"scenario\":\"first-token-wall\",\"ms\":$(((t1 - t0) / 1000000))}" >>"$LINES"
  fi
}
first_token boxauth no
first_token box-sdk no
for i in $(seq "$RUNS"); do
  if [ $((i % 2)) -eq 1 ]; then first_token boxauth yes; first_token box-sdk yes
  else first_token box-sdk yes; first_token boxauth yes; fi
done

# `./boxauth token` as a script runs it: the launcher, one JVM, the token on stdout. The trust store
# comes through JAVA_TOOL_OPTIONS (the JVM notes that on stderr, which is not kept). Plain java -jar,
# then the launcher without its archive and with it, beside the SDK's first-token process, in turn.
log "./boxauth token: 1 run making the archive, $RUNS runs of java -jar, without and with it, the SDK"
phase cli
BASE_URL=$(grep '^baseUrl=' "$EMU/emulator.properties" | cut -d= -f2-)
# cli_token plain|none|appcds KEEP: plain is `java -jar` alone, what ./boxauth ran before it chose
# JVM flags and an archive; none is ./boxauth with BOXAUTH_CDS=off.
cli_token() {
  local archive=$1 keep=$2 cds=on t0 t1 out
  if [ "$archive" = none ]; then cds=off; fi
  t0=$(date +%s%N)
  if [ "$archive" = plain ]; then
    out=$(JAVA_TOOL_OPTIONS="$TRUST" ${PRIO[@]+"${PRIO[@]}"} java -jar "$ROOT/auth-cli/target/boxauth.jar" token \
      --config "$EMU/config.json" --base-url "$BASE_URL" 2>>"$OUT/cli.err")
  else
    out=$(BOXAUTH_CDS=$cds JAVA_TOOL_OPTIONS="$TRUST" ${PRIO[@]+"${PRIO[@]}"} "$ROOT/boxauth" token \
      --config "$EMU/config.json" --base-url "$BASE_URL" 2>>"$OUT/cli.err")
  fi
  t1=$(date +%s%N)
  if [ "$keep" = yes ] && [ -n "$out" ]; then
    echo "{\"client\":\"boxauth-cli\",\"scenario\":\"cli-token\",\"archive\":\"$archive\",\"ms\":$(((t1 - t0) / 1000000))}" >>"$LINES"
  fi
}
sdk_process() {
  local t0 t1 line
  t0=$(date +%s%N)
  line=$(sdk_driver first-token "$EMU" 2>>"$OUT/drivers.err" | grep '^{')
  t1=$(date +%s%N)
  if [ -n "$line" ]; then
    echo "{\"client\":\"box-sdk\",\"scenario\":\"cli-peer\",\"ms\":$(((t1 - t0) / 1000000))}" >>"$LINES"
  fi
}
rm -rf "$ROOT/auth-cli/target/cds"
cli_token appcds no # makes the archive
cli_token none no
for i in $(seq "$RUNS"); do
  case $((i % 4)) in
    0) cli_token plain yes; cli_token none yes; cli_token appcds yes; sdk_process ;;
    1) cli_token none yes; cli_token appcds yes; sdk_process; cli_token plain yes ;;
    2) cli_token appcds yes; sdk_process; cli_token plain yes; cli_token none yes ;;
    3) sdk_process; cli_token plain yes; cli_token none yes; cli_token appcds yes ;;
  esac
done

log "start-up laps: $LAP_RUNS fresh JVMs per lap"
phase laps
for i in $(seq "$LAP_RUNS"); do
  for lap in guice config key okhttp connect sign build token jdk_client jdk_connect; do
    ${PRIO[@]+"${PRIO[@]}"} java $TRUST -cp "$BCP" dev.boxauth.bench.StartupLaps "$lap" "$EMU" \
      2>>"$OUT/drivers.err" |
      grep '^{' >>"$LINES"
  done
done

if [ "$STARTUP_ONLY" = yes ]; then
  stop_emulator
  trap - EXIT
  log "writing the start-up rows into BENCHMARKS.md"
  java -cp "$BCP" dev.boxauth.bench.Report "$OUT" "$ROOT/BENCHMARKS.md" \
    "bash benchmarks/compare.sh --startup" startup || die "report"
  log "done in $(($(date +%s) - START)) s; raw results in $OUT"
  exit 0
fi

log "64-thread cold stampedes"
phase stampedes
scenario boxauth stampede "" stampede "$EMU" 64
scenario box-sdk stampede-shared "" stampede "$EMU" 64 shared
scenario box-sdk stampede-per-thread "" stampede "$EMU" 64 per-thread

log "server clock skewed +-120 s, two 429s"
phase faults
for client in boxauth box-sdk; do
  scenario "$client" skew-ahead "skew?seconds=120" one-token "$EMU" skew-ahead
  scenario "$client" skew-behind "skew?seconds=-120" one-token "$EMU" skew-behind
  scenario "$client" two-429s "rate-limit?n=2&retryAfter=1" one-token "$EMU" two-429s
done
curl -sf "$ADMIN/reset" >/dev/null

# ---- 4. the physical limit for signing: openssl before, between and after the JMH signing runs
# openssl_speed RUN [SCENARIO CAPS]: CAPS masks CPU features (OPENSSL_ia32cap; an empty but set
# variable would turn them ALL off, hence env -u for the default run).
openssl_speed() {
  local run=$1 scenario=${2:-rsa2048} caps=${3:-} sign
  log "openssl speed -seconds 3 rsa2048 ($run${caps:+, OPENSSL_ia32cap=$caps})"
  if [ -n "$caps" ]; then
    OPENSSL_ia32cap=$caps openssl speed -seconds 3 rsa2048 >"$OUT/openssl-$run.txt" 2>&1
  else
    env -u OPENSSL_ia32cap openssl speed -seconds 3 rsa2048 >"$OUT/openssl-$run.txt" 2>&1
  fi
  sign=$(awk '/^rsa 2048 bits/ {print $6}' "$OUT/openssl-$run.txt")
  if [ -n "$sign" ]; then
    echo "{\"client\":\"openssl\",\"scenario\":\"$scenario\",\"run\":\"$run\",\"signPerSec\":$sign}" >>"$LINES"
  fi
}

# ---- 5. JMH ------------------------------------------------------------------------------------
JVM_ARGS="$TRUST -Dbench.emulator.dir=$EMU -Dbench.results=$LINES"
jmh() { # jmh NAME CLASSPATH ARGS...
  local name=$1 cp=$2
  shift 2
  log "JMH $name: $*"
  phase "jmh-$name"
  java -cp "$cp" org.openjdk.jmh.Main "$@" -rf json -rff "$OUT/jmh-$name.json" \
    -jvmArgsAppend "$JVM_ARGS" >"$OUT/jmh-$name.log" 2>&1 || log "JMH $name failed (see its log)"
}
jmh cached "$BCP" CachedTokenBenchmark "${JMH_TIMING[@]}" -prof gc
jmh sdk-cached "$SCP" 'SdkBenchmarks.cached' "${JMH_TIMING[@]}" -prof gc
openssl_speed first
jmh signing "$BCP" SigningBenchmark "${JMH_TIMING[@]}"
openssl_speed second
jmh foreign-key "$BCP" ForeignKeyBenchmark "${JMH_TIMING[@]}"
openssl_speed third
# Why openssl is fast here: the same runs without AVX-512 IFMA (leaf 7 EBX bit 21), and with no
# CPU extension at all (portable C).
openssl_speed no-ifma rsa2048-no-ifma "~0:~0x200000"
openssl_speed portable rsa2048-portable "0:0"
jmh keys "$BCP" KeyLoadingBenchmark "${JMH_TIMING[@]}"
jmh acquisition "$BCP" AcquisitionBenchmark "${JMH_TIMING[@]}"
jmh sdk "$SCP" 'SdkBenchmarks.(acquire|decryptKey)' "${JMH_TIMING[@]}"
jmh stampede "$BCP" StampedeBenchmark -wi 5 -i 20 -f 1

# ---- 6. the table ------------------------------------------------------------------------------
stop_emulator
trap - EXIT
log "writing the table into BENCHMARKS.md"
java -cp "$BCP" dev.boxauth.bench.Report "$OUT" "$ROOT/BENCHMARKS.md" "bash benchmarks/compare.sh" ||
  die "report"
log "done in $(($(date +%s) - START)) s; raw results in $OUT"
