package io.homeward.gateway.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeward.gateway.config.ImageConfig;
import io.homeward.gateway.config.S3Clients;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * The real S3-compatible server of {@code scripts/s3.sh} (Versity Gateway on its POSIX backend) for
 * integration tests, on its own port and data folder under {@code target/}. Started once per JVM
 * and stopped when the JVM exits. Tests keep apart by bucket.
 *
 * <p>When the server is not installed, tests are skipped with {@link #NOT_INSTALLED}, except on CI
 * ({@code CI=true}), where they fail: CI must never silently skip the real S3 runs.
 */
public final class S3Server {
  public static final String NOT_INSTALLED =
      "the S3 server is not installed: run scripts/s3.sh install";

  /** Not the cluster-mode port (9130): a test server never meets a developer's. */
  public static final int PORT = 19130;

  public static final String ACCESS_KEY = "homeward-test";
  public static final String SECRET_KEY = "homeward-test-secret-key";

  private static S3Server instance;

  private final Path repoRoot;
  private final Path data;

  private S3Server(Path repoRoot, Path data) {
    this.repoRoot = repoRoot;
    this.data = data;
  }

  /** Starts the server if needed; skips (or, on CI, fails) when it is not installed. */
  public static synchronized S3Server start() {
    if (instance == null) {
      Path root = repoRoot();
      if (!Files.isExecutable(root.resolve(".cache/s3/bin/versitygw"))) {
        if ("true".equals(System.getenv("CI"))) {
          fail(NOT_INSTALLED + " (CI=true: the real S3 tests must run)");
        }
        assumeTrue(false, NOT_INSTALLED);
      }
      Path data = Path.of("target/s3-data").toAbsolutePath();
      S3Server server = new S3Server(root, data);
      server.script("stop", Duration.ofSeconds(30));
      Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly, "s3-server-stop"));
      instance = server;
    }
    instance.script("start", Duration.ofSeconds(60));
    return instance;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + PORT);
  }

  /** The gateway's own configuration for this server and bucket. */
  public ImageConfig.S3 config(String bucket) {
    return config(bucket, ACCESS_KEY, SECRET_KEY);
  }

  public ImageConfig.S3 config(String bucket, String accessKey, String secretKey) {
    URI endpoint = endpoint();
    return new ImageConfig.S3() {
      @Override
      public Optional<URI> endpoint() {
        return Optional.of(endpoint);
      }

      @Override
      public String region() {
        return "us-east-1";
      }

      @Override
      public Optional<String> bucket() {
        return Optional.of(bucket);
      }

      @Override
      public String prefix() {
        return "images/";
      }

      @Override
      public boolean pathStyle() {
        return true;
      }

      @Override
      public Optional<String> accessKeyId() {
        return Optional.of(accessKey);
      }

      @Override
      public Optional<String> secretAccessKey() {
        return Optional.of(secretKey);
      }

      @Override
      public Duration callTimeout() {
        return Duration.ofSeconds(10);
      }

      @Override
      public Duration attemptTimeout() {
        return Duration.ofSeconds(4);
      }
    };
  }

  /** A client as the gateway builds it. */
  public S3Client client() {
    return S3Clients.images(config("unused"));
  }

  /** Creates a bucket (idempotent). */
  public void createBucket(String bucket) {
    try (S3Client s3 = client()) {
      s3.createBucket(CreateBucketRequest.builder().bucket(bucket).build());
    } catch (BucketAlreadyOwnedByYouException e) {
      // already there
    }
  }

  /** Stops the server (SIGTERM, wait); the data stays. */
  public synchronized void stop() {
    script("stop", Duration.ofSeconds(30));
  }

  /** Starts it again on the same data. */
  public synchronized void restart() {
    script("start", Duration.ofSeconds(60));
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException | AssertionError e) {
      System.err.println("could not stop the S3 server: " + e.getMessage());
    }
  }

  private void script(String command, Duration timeout) {
    try {
      Path log = Files.createTempFile("s3-" + command, ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder("bash", "scripts/s3.sh", command)
                .directory(repoRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOMEWARD_S3_PORT", Integer.toString(PORT));
        env.put("HOMEWARD_S3_DATA", data.toString());
        env.put("HOMEWARD_S3_ACCESS_KEY", ACCESS_KEY);
        env.put("HOMEWARD_S3_SECRET_KEY", SECRET_KEY);
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "scripts/s3.sh " + command + " did not finish within " + timeout);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "scripts/s3.sh " + command + " failed (" + process.exitValue() + "): " + output);
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run scripts/s3.sh " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running scripts/s3.sh " + command, e);
    }
  }

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
