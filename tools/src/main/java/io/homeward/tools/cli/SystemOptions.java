package io.homeward.tools.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a running system is and what a benchmark reads beside it: the options {@code
 * case-search-bench} and {@code load} share (a picocli mixin).
 */
final class SystemOptions {
  @Option(names = "--url", description = "The gateway (default ${DEFAULT-VALUE}).")
  String url = "http://127.0.0.1:9120";

  @Option(names = "--search", description = "The search service (default ${DEFAULT-VALUE}).")
  String search = "127.0.0.1:9111";

  @Option(names = "--embedder", description = "The embedder (default ${DEFAULT-VALUE}).")
  String embedder = "127.0.0.1:9101";

  @Option(names = "--tls-dir", description = "The internal certificates (default: the launcher's).")
  Path tlsDir;

  @Option(
      names = "--datasets",
      description = "The datasets folder with lag/ (default ${DEFAULT-VALUE}).")
  Path datasets = Path.of("../shared/datasets");

  @Option(
      names = "--search-metrics",
      description =
          "The search service's metrics: its CPU, read to wait after a gallery until its index has"
              + " settled (background merges done: its CPU under 10%% for 5 s; empty: no wait),"
              + " and its heap (default ${DEFAULT-VALUE}).")
  String searchMetrics = "http://127.0.0.1:9112/q/metrics";

  /** The running system these options name. */
  BenchSystem open(PrintStream err) {
    Path tls = tlsDir != null ? tlsDir : ServiceChannels.defaultTlsDir();
    return new BenchSystem(url, search, embedder, tls, searchMetrics, err);
  }
}
