package dev.boxauth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @TempDir Path dir;

  private static final String JMH =
      q(
          "[{'benchmark':'dev.boxauth.bench.CachedTokenBenchmark.boxauth1','mode':'thrpt',"
              + "'jmhVersion':'1.37','threads':1,'forks':1,'warmupIterations':3,"
              + "'warmupTime':'2 s','measurementIterations':5,'measurementTime':'2 s',"
              + "'params':{},'primaryMetric':{'score':4.0E7,'scoreUnit':'ops/s'},"
              + "'secondaryMetrics':{'\\u00b7gc.alloc.rate.norm':{'score':0.0}}},"
              + "{'benchmark':'dev.boxauth.bench.CachedTokenBenchmark.floor1','mode':'thrpt',"
              + "'threads':1,'primaryMetric':{'score':5.0E7}},"
              + "{'benchmark':'dev.boxauth.bench.StampedeBenchmark.stampede','mode':'ss',"
              + "'params':{'threads':'256'},'primaryMetric':{'score':30.0}},"
              + "{'benchmark':'dev.boxauth.bench.SigningBenchmark.sign',"
              + "'params':{'signer':'JDK','alg':'RS256'},'primaryMetric':{'score':1000.0}},"
              + "{'benchmark':'dev.boxauth.bench.SigningBenchmark.sign',"
              + "'params':{'signer':'ACCP','alg':'RS256'},'primaryMetric':{'score':3900.0}},"
              + "{'benchmark':'dev.boxauth.bench.AcquisitionBenchmark.acquire',"
              + "'primaryMetric':{'score':4.2,'scorePercentiles':{'50.0':4.0,'99.0':11.0}}}]");

  private static final String SDK_JMH =
      q(
          "[{'benchmark':'dev.boxauth.peer.SdkBenchmarks.cached1','threads':1,"
              + "'primaryMetric':{'score':1.0E7}},"
              + "{'benchmark':'dev.boxauth.peer.SdkBenchmarks.acquire',"
              + "'primaryMetric':{'score':9.0,'scorePercentiles':{'50.0':8.0,'99.0':20.0}}}]");

  private static final List<String> LINES =
      List.of(
          "{'client':'machine','scenario':'machine','nproc':2,'cpu':'AMD EPYC','sdk':'4.16.4'}",
          "{'client':'openssl','scenario':'rsa2048','signPerSec':4000.0}",
          "{'client':'boxauth','scenario':'first-token','outcome':'ok','jvmToTokenMs':900}",
          "{'client':'boxauth','scenario':'first-token','outcome':'ok','jvmToTokenMs':1000}",
          "{'client':'boxauth','scenario':'first-token','outcome':'ok','jvmToTokenMs':5000}",
          "{'client':'box-sdk','scenario':'first-token','outcome':'ok','jvmToTokenMs':2000}",
          "{'client':'box-sdk','scenario':'first-token','outcome':'ok','jvmToTokenMs':4000}",
          "{'client':'openssl','scenario':'rsa2048','signPerSec':3000.0}",
          "{'client':'openssl','scenario':'rsa2048','signPerSec':5000.0}",
          "{'client':'machine','scenario':'load','phase':'signing','load':'1.5'}",
          "{'client':'boxauth','scenario':'stampede','threads':64,'elapsedMs':400.0}",
          "{'client':'boxauth','scenario':'stampede','source':'emulator','requests':1}",
          "{'client':'box-sdk','scenario':'stampede-per-thread','elapsedMs':5000.0}",
          "{'client':'box-sdk','scenario':'stampede-per-thread','source':'emulator',"
              + "'requests':64}",
          "{'client':'boxauth','scenario':'skew-ahead','outcome':'ok','elapsedMs':450}",
          "{'client':'boxauth','scenario':'skew-ahead','source':'emulator','requests':2}",
          "{'client':'boxauth','scenario':'jmh-stampede','requestsPerStampede':[1,1,1]}");

  /** JSON written with single quotes, for legibility. */
  private static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private Report report() throws IOException {
    Files.writeString(dir.resolve("jmh-boxauth.json"), JMH);
    Files.writeString(dir.resolve("jmh-sdk.json"), SDK_JMH);
    Files.write(
        dir.resolve("lines.jsonl"),
        LINES.stream().map(ReportTest::q).toList(),
        StandardCharsets.UTF_8);
    return Report.load(dir);
  }

  private static Report.Row row(List<Report.Row> rows, String measureStart, String otherIsStart) {
    return rows.stream()
        .filter(r -> r.measure().startsWith(measureStart) && r.otherIs().startsWith(otherIsStart))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void rows_firstToken_mediansAndMedianOfBackToBackPairs() throws IOException {
    Report.Row r = row(report().rows(), "Time to first token", "Box SDK");

    assertThat(r.boxauth()).isEqualTo("1,000");
    assertThat(r.other()).isEqualTo("3,000");
    // pairs in file order: 900/2000 and 1000/4000; the unpaired 5000 is left out
    assertThat(r.ratio()).isEqualTo("0.35×");
    assertThat(r.met()).isEqualTo("yes");
  }

  @Test
  void startupRows_cliPairedWithTheSdkProcess_andLapsInTheirOrderWithTheirLabels() {
    Report report =
        new Report(
            List.of(
                line("{'client':'boxauth-cli','scenario':'cli-token','archive':'none','ms':800}"),
                line("{'client':'boxauth-cli','scenario':'cli-token','archive':'appcds','ms':400}"),
                line("{'client':'box-sdk','scenario':'cli-peer','ms':1000}"),
                line("{'client':'boxauth-cli','scenario':'cli-token','archive':'none','ms':900}"),
                line("{'client':'boxauth-cli','scenario':'cli-token','archive':'appcds','ms':600}"),
                line("{'client':'box-sdk','scenario':'cli-peer','ms':2000}"),
                line(
                    "{'client':'boxauth','scenario':'startup-lap','lap':'key','label':'K','ms':90}"),
                line(
                    "{'client':'boxauth','scenario':'startup-lap','lap':'guice','label':'G','ms':5}"),
                line(
                    "{'client':'boxauth','scenario':'startup-lap','lap':'key','label':'K','ms':70}"),
                line(
                    "{'client':'boxauth','scenario':'startup-lap','lap':'key','label':'K','ms':80}")),
            List.of());

    List<Report.Row> rows = report.startupRows("SDK");

    Report.Row none = row(rows, "`./boxauth token` without", "SDK");
    assertThat(none.boxauth()).isEqualTo("850");
    assertThat(none.other()).isEqualTo("1,500");
    assertThat(none.ratio()).isEqualTo("0.63×"); // median of the pairs 0.8 and 0.45
    Report.Row archived =
        rows.stream().filter(r -> r.measure().contains("AppCDS")).findFirst().orElseThrow();
    assertThat(archived.boxauth()).isEqualTo("500");
    assertThat(archived.ratio()).isEqualTo("0.35×"); // pairs 0.4 and 0.3
    assertThat(archived.met()).isEqualTo("yes");
    assertThat(rows)
        .filteredOn(r -> r.measure().startsWith("Start-up lap"))
        .extracting(Report.Row::measure, Report.Row::boxauth)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Start-up lap (ms, cold, median of 3 fresh JVMs): K", "80.0"),
            org.assertj.core.groups.Tuple.tuple(
                "Start-up lap (ms, cold, median of 1 fresh JVMs): G", "5.00"));
  }

  @SuppressWarnings("unchecked")
  private static java.util.Map<String, Object> line(String singleQuoted) {
    try {
      return (java.util.Map<String, Object>)
          new com.squareup.moshi.Moshi.Builder()
              .build()
              .adapter(Object.class)
              .fromJson(q(singleQuoted));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void writeInto_startupSection_keepsTheMainTable() throws IOException {
    Path md = dir.resolve("B.md");
    Report.writeInto(md, "main table");
    Report.writeInto(md, "startup 1", Report.STARTUP_BEGIN, Report.STARTUP_END);
    Report.writeInto(md, "startup 2", Report.STARTUP_BEGIN, Report.STARTUP_END);

    String text = Files.readString(md);
    assertThat(text).contains("main table").contains("startup 2").doesNotContain("startup 1");
  }

  @Test
  void score_rawIterations_medianInEveryMode() {
    Report report =
        new Report(
            List.of(),
            List.of(
                jmhRun("a.B.thrpt", "thrpt", List.of(3.0, 9.0, 5.0)),
                jmhRun("a.B.avgt", "avgt", List.of(3.0, 9.0, 5.0)),
                jmhRun("a.B.ss", "ss", List.of(3.0, 9.0, 5.0))));

    assertThat(report.score("a.B.thrpt")).isEqualTo(OptionalDouble.of(5.0));
    assertThat(report.score("a.B.avgt")).isEqualTo(OptionalDouble.of(5.0));
    assertThat(report.score("a.B.ss")).isEqualTo(OptionalDouble.of(5.0));
    assertThat(report.score("a.B.absent")).isEmpty();
  }

  private static java.util.Map<String, Object> jmhRun(
      String benchmark, String mode, List<Double> iterations) {
    return java.util.Map.of(
        "benchmark",
        benchmark,
        "mode",
        mode,
        "primaryMetric",
        java.util.Map.of("score", -1.0, "rawData", List.of(iterations)));
  }

  @Test
  void rows_cachedRead_comparesWithSdkAndFloor() throws IOException {
    List<Report.Row> rows = report().rows();

    Report.Row sdk = row(rows, "Cached token read, 1 thread", "Box SDK");
    assertThat(sdk.ratio()).isEqualTo("4.00×");
    assertThat(sdk.target()).isEqualTo("≥ 20");
    assertThat(sdk.met()).isEqualTo("no");
    Report.Row floor = row(rows, "Cached `token()`, 1 thread", "floor");
    assertThat(floor.ratio()).isEqualTo("0.80×");
    assertThat(floor.met()).isEqualTo("yes");
    assertThat(row(rows, "Allocation per cached read", "Box SDK").boxauth()).isEqualTo("≈ 0");
  }

  @Test
  void rows_missingFigures_areNotAvailableNeverGuessed() throws IOException {
    List<Report.Row> rows = report().rows();

    Report.Row twoThreads = row(rows, "Cached token read, n/a threads", "Box SDK");
    assertThat(twoThreads.boxauth()).isEqualTo("n/a");
    assertThat(twoThreads.ratio()).isEqualTo("n/a");
    assertThat(twoThreads.met()).isEqualTo("—");
    assertThat(row(rows, "Server clock 120 s behind", "Box SDK").boxauth()).startsWith("n/a");
  }

  @Test
  void rows_signing_comparesWithOpenssl() throws IOException {
    List<Report.Row> rows = report().rows();

    Report.Row jdk = row(rows, "Assertion signing RS256, JCA signer, JDK provider", "`openssl");
    assertThat(jdk.ratio()).isEqualTo("0.25×");
    assertThat(jdk.met()).isEqualTo("no");
    Report.Row accp = row(rows, "Assertion signing RS256, JCA signer, ACCP provider", "`openssl");
    assertThat(accp.ratio()).isEqualTo("0.98×");
    assertThat(accp.met()).isEqualTo("yes");
  }

  @Test
  void rows_stampedesAndFaults_showRequestsFromTheEmulator() throws IOException {
    List<Report.Row> rows = report().rows();

    Report.Row perThread = row(rows, "64-thread cold stampede", "Box SDK 4.16.4, `getApp");
    assertThat(perThread.boxauth()).isEqualTo("1 (400 ms)");
    assertThat(perThread.other()).isEqualTo("64 (5,000 ms)");
    assertThat(perThread.ratio()).isEqualTo("0.016×");
    assertThat(perThread.met()).isEqualTo("yes");
    assertThat(row(rows, "Server clock 120 s ahead", "Box SDK").boxauth())
        .isEqualTo("2 req, ok, 450 ms");
    assertThat(row(rows, "256-thread cold stampede: most", "—").boxauth()).isEqualTo("1");
  }

  @Test
  void labels_comeFromTheRun_theSdkVersionThreadCountsAndJmhSettingsItRecorded() {
    Report report =
        new Report(
            List.of(
                line("{'client':'machine','scenario':'machine','sdk':'9.9.9'}"),
                line("{'client':'boxauth','scenario':'stampede','threads':32,'elapsedMs':5}")),
            List.of(
                line(
                    "{'benchmark':'dev.boxauth.bench.CachedTokenBenchmark.boxauth1','mode':"
                        + "'thrpt','jmhVersion':'1.99','threads':3,'forks':2,'warmupIterations':4,"
                        + "'warmupTime':'1 s','measurementIterations':6,'measurementTime':'3 s'}"),
                line(
                    "{'benchmark':'dev.boxauth.peer.SdkBenchmarks.cached1','mode':'thrpt',"
                        + "'jmhVersion':'1.99','threads':4,'forks':2,'warmupIterations':4,"
                        + "'warmupTime':'1 s','measurementIterations':6,'measurementTime':'3 s'}"),
                line(
                    "{'benchmark':'dev.boxauth.bench.StampedeBenchmark.stampede','mode':'ss',"
                        + "'jmhVersion':'1.99','params':{'threads':'128'},'forks':1,"
                        + "'warmupIterations':7,'measurementIterations':9}")));

    List<Report.Row> rows = report.rows();

    assertThat(row(rows, "Cached token read, 3 threads vs 4 threads (ops/s)", "Box SDK 9.9.9"))
        .isNotNull();
    assertThat(row(rows, "32-thread cold stampede: token requests", "Box SDK 9.9.9")).isNotNull();
    assertThat(row(rows, "128-thread cold stampede: most token requests", "—")).isNotNull();
    assertThat(report.jmhSettings())
        .isEqualTo(
            "JMH 1.99: 2 forks, 4 warm-up iterations × 1 s, 6 measured × 3 s;"
                + " StampedeBenchmark.stampede: 1 fork, 7 warm-up, 9 measured single shots");
  }

  @Test
  void labels_ofAnEmptyRun_sayNotAvailable() {
    Report report = new Report(List.of(), List.of());

    assertThat(report.sdk()).isEqualTo("Box SDK n/a");
    assertThat(report.jmhSettings()).isEqualTo("JMH: no results in this run");
    assertThat(row(report.rows(), "Cached token read, n/a threads", "Box SDK n/a")).isNotNull();
  }

  @Test
  void rows_acquisition_readsPercentiles() throws IOException {
    Report.Row p99 = row(report().rows(), "Full token acquisition, HTTPS loopback, p99", "Box");

    assertThat(p99.boxauth()).isEqualTo("11.0");
    assertThat(p99.other()).isEqualTo("20.0");
    assertThat(p99.ratio()).isEqualTo("0.55×");
  }

  @Test
  void writeInto_existingFile_replacesOnlyTheResultsSection() throws IOException {
    Path md = dir.resolve("BENCHMARKS.md");
    Files.writeString(
        md,
        "# Title\n\nintro\n\n" + Report.BEGIN + "\nold table\n" + Report.END + "\n\nanalysis\n");

    Report.writeInto(md, "new table");

    assertThat(Files.readString(md))
        .isEqualTo(
            "# Title\n\nintro\n\n"
                + Report.BEGIN
                + "\nnew table\n"
                + Report.END
                + "\n\nanalysis\n");
  }

  @Test
  void writeInto_absentFile_createsItWithMarkers() throws IOException {
    Path md = dir.resolve("NEW.md");

    Report.writeInto(md, "table");

    assertThat(Files.readString(md)).contains(Report.BEGIN + "\ntable\n" + Report.END);
  }

  @Test
  void markdown_listsCommandAndMachine() throws IOException {
    String md = report().markdown("bash benchmarks/compare.sh");

    assertThat(md).contains("Command: `bash benchmarks/compare.sh`").contains("2 cores, AMD EPYC");
    assertThat(md).contains("measured processes at normal priority");
    assertThat(md).contains("| 1 | Time to first token");
    assertThat(md).contains("when each phase began: signing 1.5");
    assertThat(md)
        .contains("JMH 1.37: ")
        .contains("1 fork, 3 warm-up iterations × 2 s, 5 measured × 2 s");
  }

  @Test
  void median_evenCount_averagesTheMiddlePair() {
    assertThat(Report.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(OptionalDouble.of(2.5));
    assertThat(Report.median(List.of())).isEmpty();
  }

  @Test
  void fmt_largeAndSmallNumbers_keepThreeSignificantFigures() {
    assertThat(Report.fmt(OptionalDouble.of(39_841_269.8))).isEqualTo("39,800,000");
    assertThat(Report.fmt(OptionalDouble.of(1.715))).isEqualTo("1.72");
    assertThat(Report.fmt(OptionalDouble.of(0.0123))).isEqualTo("0.0123");
    assertThat(Report.fmt(OptionalDouble.empty())).isEqualTo("n/a");
  }
}
