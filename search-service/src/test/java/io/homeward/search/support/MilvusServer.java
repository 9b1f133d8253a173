package io.homeward.search.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real Milvus server of {@code scripts/milvus.sh} (data in {@code .cache/milvus-data}) for
 * integration tests. One server per JVM, shared by test classes, which keep apart by collection
 * names. A server the tests started is stopped when the JVM exits; one that was already running (a
 * developer's) is left running.
 *
 * <p>When the server is not installed, tests are skipped with {@link #NOT_INSTALLED}, except on CI
 * ({@code CI=true}), where they fail: CI must never silently skip the real Milvus runs.
 */
public final class MilvusServer {
  public static final String NOT_INSTALLED =
      "Milvus is not installed: run scripts/milvus.sh install";
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 19530;

  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
  private static MilvusServer instance;

  private final Path repoRoot;

  private MilvusServer(Path repoRoot) {
    this.repoRoot = repoRoot;
  }

  /**
   * Starts the server if needed and returns it; skips (or, on CI, fails) the calling test when
   * Milvus is not installed.
   */
  public static synchronized MilvusServer start() {
    if (instance == null) {
      Path root = repoRoot();
      if (!Files.isExecutable(root.resolve(".cache/milvus-venv/bin/milvus-server"))) {
        if ("true".equals(System.getenv("CI"))) {
          fail(NOT_INSTALLED + " (CI=true: the real Milvus tests must run)");
        }
        assumeTrue(false, NOT_INSTALLED);
      }
      MilvusServer server = new MilvusServer(root);
      if (!server.running()) {
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly, "milvus-server-stop"));
      }
      instance = server;
    }
    instance.script("start", START_TIMEOUT);
    return instance;
  }

  /** SIGINT, wait for the exit, start again on the same data. */
  public synchronized void restart() {
    stop();
    script("start", START_TIMEOUT);
  }

  /** SIGINT, wait for the exit. */
  public synchronized void stop() {
    script("stop", STOP_TIMEOUT);
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException | AssertionError e) {
      System.err.println("could not stop Milvus: " + e.getMessage());
    }
  }

  /** Whether {@code scripts/milvus.sh status} finds the server running and ready. */
  private boolean running() {
    try {
      Process process =
          new ProcessBuilder("bash", "scripts/milvus.sh", "status")
              .directory(repoRoot.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void script(String command, Duration timeout) {
    try {
      Path log = Files.createTempFile("milvus-" + command, ".log");
      try {
        Process process =
            new ProcessBuilder("bash", "scripts/milvus.sh", command)
                .directory(repoRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "scripts/milvus.sh " + command + " did not finish within " + timeout);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "scripts/milvus.sh " + command + " failed (" + process.exitValue() + "): " + output);
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run scripts/milvus.sh " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running scripts/milvus.sh " + command, e);
    }
  }

  /** The folder holding {@code mvnw}, walking up from the working directory. */
  private static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("scripts"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (a folder with mvnw) above " + dir);
  }
}
