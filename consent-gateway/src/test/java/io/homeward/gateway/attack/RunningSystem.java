package io.homeward.gateway.attack;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeward.gateway.cli.InternalCertificates;
import io.homeward.gateway.cli.LocalTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The packaged system for the attack suite: one embedder, and per database one search service
 * (embedded index, its own directory) and one consent gateway, each a separate JVM started from the
 * jars the reactor built. Started once per test JVM and per database, stopped when the JVM exits.
 *
 * <p>As {@code ./homeward serve} starts them: gRPC between them over mTLS with a local CA (made
 * once per run in {@code target/attack/tls}), health on the loopback management ports, the signing
 * keys in their own folder apart from the data keys, missing keys generated explicitly ({@code
 * HOMEWARD_GENERATE_KEYS=true}).
 *
 * <p>Skips (a JUnit assumption) when the jars, {@code ../shared} or PostgreSQL are absent, except
 * under {@code CI=true}, where it fails: the attack suite must run in CI.
 */
public final class RunningSystem {
  /** The gateway's database. */
  public enum Db {
    POSTGRES,
    H2
  }

  /** The system's processes, as the crash campaign kills them. */
  public enum Service {
    EMBEDDER,
    SEARCH,
    GATEWAY
  }

  /** Work on a JDBC connection as the database owner. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Map<Db, RunningSystem> SYSTEMS = new EnumMap<>(Db.class);
  private static final List<Process> ALL = new ArrayList<>();
  private static Path root;
  private static Path work;
  private static Process embedder;
  private static int embedderGrpc;
  private static int embedderHttp;
  private static Path tls;

  private final Db db;
  private final Path dir;
  private final int searchGrpc;
  private final int searchHttp;
  private final int gatewayHttp;
  private final int gatewayManagement;
  private final PrivateKey signingKey;
  private final String jdbcUrl;
  private final String dbUser;
  private final String dbPassword;
  private Process search;
  private Process gateway;
  private Map<String, String> extraProperties = Map.of();
  private Map<String, String> gatewayEnvironment = Map.of();
  private Map<String, String> searchExtraProperties = Map.of();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(RunningSystem::stopAll, "attack-suite-stop"));
  }

  private RunningSystem(Db db, Path dir, String jdbcUrl, String dbUser, String dbPassword)
      throws IOException {
    this.db = db;
    this.dir = dir;
    this.jdbcUrl = jdbcUrl;
    this.dbUser = dbUser;
    this.dbPassword = dbPassword;
    this.searchGrpc = freePort();
    this.searchHttp = freePort();
    this.gatewayHttp = freePort();
    this.gatewayManagement = freePort();
    this.signingKey = LocalTokens.ensureKeys(signingKeysDir());
  }

  /** The system on that database: started on first use, then the same instance. */
  public static synchronized RunningSystem on(Db db) {
    RunningSystem s = SYSTEMS.get(db);
    if (s != null) {
      return s;
    }
    s = create(db, db.name().toLowerCase(java.util.Locale.ROOT), Map.of());
    SYSTEMS.put(db, s);
    return s;
  }

  /**
   * A system of its own (its own directory, PostgreSQL schema, search service and gateway, the
   * shared embedder) that no other test uses, e.g. for the crash campaign, which counts everything
   * its index and database hold. The gateway gets {@code gatewayProperties} besides the usual ones.
   */
  public static synchronized RunningSystem isolated(
      Db db, String name, Map<String, String> gatewayProperties) {
    return create(db, name, gatewayProperties, Map.of());
  }

  /**
   * The same, with system properties for the search service too (e.g. {@code
   * homeward.search.milvus.host}: its index on a Milvus server instead of the embedded one).
   */
  public static synchronized RunningSystem isolated(
      Db db,
      String name,
      Map<String, String> gatewayProperties,
      Map<String, String> searchProperties) {
    return create(db, name, gatewayProperties, searchProperties);
  }

  private static RunningSystem create(Db db, String name, Map<String, String> gatewayProperties) {
    return create(db, name, gatewayProperties, Map.of());
  }

  private static RunningSystem create(
      Db db,
      String name,
      Map<String, String> gatewayProperties,
      Map<String, String> searchProperties) {
    try {
      prerequisites(db);
      if (embedder == null) {
        tls = work.resolve("tls");
        InternalCertificates.ensure(tls, Duration.ofDays(1));
        embedderGrpc = freePort();
        embedderHttp = freePort();
        startEmbedder();
      }
      Path dir = work.resolve(name);
      deleteTree(dir);
      Files.createDirectories(dir);
      RunningSystem s =
          switch (db) {
            case POSTGRES -> postgres(dir, "homeward_" + name.replace('-', '_'));
            case H2 ->
                new RunningSystem(
                    db, dir, "jdbc:h2:file:" + dir.resolve("data/gateway/db"), "homeward", "");
          };
      s.extraProperties = Map.copyOf(gatewayProperties);
      s.searchExtraProperties = Map.copyOf(searchProperties);
      s.startSearch();
      s.startGateway();
      return s;
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("the attack suite's system did not start", e);
    }
  }

  private static void startEmbedder() throws IOException {
    embedder =
        start(
            "embedder",
            work.resolve("embedder"),
            "embedder/target/quarkus-app/quarkus-run.jar",
            serverTls("embedder"),
            Map.of(
                "quarkus.grpc.server.port", String.valueOf(embedderGrpc),
                "quarkus.management.port", String.valueOf(embedderHttp),
                "homeward.embedder.workers", "1"));
  }

  /**
   * Kills one of the system's processes with SIGKILL (no shutdown hook runs, nothing is flushed)
   * and waits until it is gone. The embedder is shared by every system of the test JVM.
   */
  public synchronized void kill(Service service) {
    Process p =
        switch (service) {
          case EMBEDDER -> embedder;
          case SEARCH -> search;
          case GATEWAY -> gateway;
        };
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        fail(service + " did not die within 30 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops this system's gateway and search service (not the shared embedder). */
  public synchronized void stop() {
    stopGateway();
    if (search != null) {
      stop(search);
      search = null;
    }
  }

  /** Starts a killed process again, on the same ports and data, and waits until it is ready. */
  public synchronized void restart(Service service) {
    try {
      switch (service) {
        case EMBEDDER -> {
          synchronized (RunningSystem.class) {
            if (!embedder.isAlive()) {
              startEmbedder();
            }
            awaitReady(embedder, "http://127.0.0.1:" + embedderHttp + "/q/health/ready", null);
          }
        }
        case SEARCH -> {
          if (search == null || !search.isAlive()) {
            startSearch();
          }
        }
        case GATEWAY -> startGateway();
      }
    } catch (IOException e) {
      throw new IllegalStateException(service + " did not start", e);
    }
  }

  private static RunningSystem postgres(Path dir, String schema) throws SQLException, IOException {
    String url = System.getenv("HOMEWARD_TEST_PG_URL");
    String user = System.getenv().getOrDefault("HOMEWARD_TEST_PG_USER", "homeward");
    String password = System.getenv().getOrDefault("HOMEWARD_TEST_PG_PASSWORD", "");
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement()) {
      st.execute("drop schema if exists " + schema + " cascade");
      st.execute("create schema " + schema);
    }
    String sep = url.contains("?") ? "&" : "?";
    return new RunningSystem(
        Db.POSTGRES, dir, url + sep + "currentSchema=" + schema, user, password);
  }

  private static void prerequisites(Db db) {
    boolean ci = "true".equals(System.getenv("CI"));
    root = Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath().normalize();
    work = root.resolve("consent-gateway/target/attack");
    List<String> missing = new ArrayList<>();
    for (String jar :
        List.of(
            "embedder/target/quarkus-app/quarkus-run.jar",
            "search-service/target/quarkus-app/quarkus-run.jar",
            "consent-gateway/target/quarkus-app/quarkus-run.jar")) {
      if (!Files.isRegularFile(root.resolve(jar))) {
        missing.add(jar + " is not built (run the reactor build)");
      }
    }
    if (!Files.isDirectory(Fixtures.sharedDir().resolve("fixtures"))) {
      missing.add("../shared/fixtures is absent");
    }
    if (db == Db.POSTGRES && System.getenv("HOMEWARD_TEST_PG_URL") == null) {
      missing.add("HOMEWARD_TEST_PG_URL is not set");
    }
    if (!missing.isEmpty()) {
      String why = String.join("; ", missing);
      if (ci) {
        fail(why + " (CI=true: the attack suite must run)");
      }
      assumeTrue(false, why + ": skipped");
    }
  }

  /** {@code http://127.0.0.1:<gateway port><path>}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gatewayHttp + path);
  }

  /** {@code http://127.0.0.1:<gateway management port><path>} (health, metrics, OpenAPI). */
  public URI managementUri(String path) {
    return URI.create("http://127.0.0.1:" + gatewayManagement + path);
  }

  /**
   * The gateway's Prometheus metrics whose names start with {@code prefix}, each summed over its
   * tags ({@code name{tag="x"} 3} and {@code name{tag="y"} 4} give {@code name} 7); empty when the
   * management interface does not answer (a gateway being restarted).
   */
  public Map<String, Double> gatewayMetrics(String prefix) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(managementUri("/q/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Map.of();
      }
      for (String line : r.body().split("\n")) {
        if (line.startsWith(prefix)) {
          int space = line.lastIndexOf(' ');
          String name = line.substring(0, space).replaceAll("\\{.*}", "");
          metrics.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
        }
      }
      return metrics;
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  /**
   * The internal CA and certificates the services and the gateway use (see {@link
   * InternalCertificates}): {@code ca.pem}, {@code gateway.crt}/{@code .key}, and so on.
   */
  public static Path tlsDir() {
    return tls;
  }

  /** The project's root folder (where {@code scripts/} is). */
  public static Path projectRoot() {
    return root != null
        ? root
        : Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath().normalize();
  }

  public Db db() {
    return db;
  }

  /** A valid local token for one user (one hour). */
  public String token(String subject, String org, String... roles) {
    return LocalTokens.mint(signingKey, subject, org, Set.of(roles), Duration.ofHours(1));
  }

  /** The local JWT signing key, to forge variants of a token. */
  public PrivateKey signingKey() {
    return signingKey;
  }

  /** An HTTP client bound to a token and a purpose. */
  public Client as(String token, String purpose) {
    return new Client(this, token, purpose, Map.of());
  }

  /** The gateway's data directory ({@code HOMEWARD_DATA_DIR}). */
  public Path dataDir() {
    return dir.resolve("data");
  }

  /** The gateway's data keys directory ({@code HOMEWARD_KEYS_DIR}). */
  public Path keysDir() {
    return dir.resolve("keys");
  }

  /** The gateway's signing keys directory ({@code HOMEWARD_SIGNING_KEYS_DIR}), apart. */
  public Path signingKeysDir() {
    return dir.resolve("signing-keys");
  }

  /** The search service's data directory (its embedded index lives below it). */
  public Path searchDataDir() {
    return dir.resolve("search-data");
  }

  /** The gateway's log (stdout and stderr). */
  public Path logFile() {
    return dir.resolve("gateway.log");
  }

  /** The search service's gRPC port (mTLS, loopback). */
  public int searchGrpcPort() {
    return searchGrpc;
  }

  /** The embedder's gRPC port (mTLS, loopback). */
  public static int embedderGrpcPort() {
    return embedderGrpc;
  }

  /**
   * Works on the gateway's database as its owner. On H2 only while the gateway is stopped (the
   * embedded database file is the gateway's alone while it runs).
   */
  public <T> T sql(SqlWork<T> work) {
    if (db == Db.H2 && gateway != null && gateway.isAlive()) {
      throw new IllegalStateException("stop the gateway before opening its H2 database");
    }
    // The gateway's own H2 settings (Databases.h2Url): with other ones H2 refuses to open the file.
    String url =
        db == Db.H2
            ? jdbcUrl + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            : jdbcUrl;
    try (Connection c = DriverManager.getConnection(url, dbUser, dbPassword)) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Restarts the gateway with extra system properties (kept for later restarts). */
  public synchronized void restartGateway(Map<String, String> extraSystemProperties) {
    stopGateway();
    this.extraProperties = Map.copyOf(extraSystemProperties);
    startGateway();
  }

  /**
   * Restarts the gateway with extra system properties and environment entries that replace the
   * launcher's (e.g. {@code HOMEWARD_SEARCH_PORT} pointing at a {@code FaultProxy}); both kept for
   * later restarts.
   */
  public synchronized void restartGateway(
      Map<String, String> extraSystemProperties, Map<String, String> environment) {
    stopGateway();
    this.extraProperties = Map.copyOf(extraSystemProperties);
    this.gatewayEnvironment = Map.copyOf(environment);
    startGateway();
  }

  /** The gateway's JDBC URL (PostgreSQL: with its schema). */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public synchronized void stopGateway() {
    if (gateway != null) {
      stop(gateway);
      gateway = null;
    }
  }

  public synchronized void startGateway() {
    if (gateway != null && gateway.isAlive()) {
      return;
    }
    Map<String, String> env = new LinkedHashMap<>();
    if (db == Db.POSTGRES) {
      env.put("HOMEWARD_DB_URL", jdbcUrl);
      // As deployed: migrations as the owner, the gateway as a role that may only insert and read
      // the audit tables (when the test database has one).
      String appUser = System.getenv("HOMEWARD_TEST_PG_APP_USER");
      if (appUser != null && !appUser.isBlank()) {
        env.put("HOMEWARD_DB_MIGRATION_USER", dbUser);
        env.put("HOMEWARD_DB_MIGRATION_PASSWORD", dbPassword);
        env.put("HOMEWARD_DB_USER", appUser);
        env.put(
            "HOMEWARD_DB_PASSWORD",
            System.getenv().getOrDefault("HOMEWARD_TEST_PG_APP_PASSWORD", ""));
      } else {
        env.put("HOMEWARD_DB_USER", dbUser);
        env.put("HOMEWARD_DB_PASSWORD", dbPassword);
      }
    }
    env.put("HOMEWARD_EMBEDDER_PORT", String.valueOf(embedderGrpc));
    env.put("HOMEWARD_SEARCH_PORT", String.valueOf(searchGrpc));
    env.put("HOMEWARD_KEYS_DIR", keysDir().toString());
    env.put("HOMEWARD_SIGNING_KEYS_DIR", signingKeysDir().toString());
    env.put("HOMEWARD_GENERATE_KEYS", "true");
    env.put("HOMEWARD_TLS_CA", tls.resolve("ca.pem").toString());
    env.put("HOMEWARD_TLS_CERT", tls.resolve("gateway.crt").toString());
    env.put("HOMEWARD_TLS_KEY", tls.resolve("gateway.key").toString());
    Map<String, String> props = new LinkedHashMap<>();
    props.put("quarkus.http.port", String.valueOf(gatewayHttp));
    props.put("quarkus.management.port", String.valueOf(gatewayManagement));
    props.put("homeward.gateway.outbox.every", "1s");
    // Rule 22's reminder list: a notice period longer than the year puts every open missing case in
    // it, so the
    // browser flows can re-confirm one registered minutes before (the list is all it changes).
    props.put("homeward.gateway.retention.reconfirmation-notice", "400d");
    // The attacks send up to 100 requests at once to show a daily limit holds exactly; admission
    // control (issue 17) would answer most of them 503 overloaded before the limit is reached, so
    // it is raised past them here (AdmissionTest tests it; scripts/load.sh measures it).
    for (String kind : List.of("searches", "enrolments", "images", "other")) {
      props.put("homeward.gateway.admission." + kind, "150");
    }
    props.putAll(extraProperties);
    env.putAll(gatewayEnvironment);
    try {
      gateway =
          start("gateway", dir, "consent-gateway/target/quarkus-app/quarkus-run.jar", env, props);
      awaitReady(gateway, managementUri("/q/health/ready").toString(), logFile());
    } catch (IOException e) {
      throw new IllegalStateException("the gateway did not start", e);
    }
  }

  /**
   * Restarts the search service with extra system properties (kept for later restarts), e.g. a
   * short erasure expunge period; the gateway reconnects on its own.
   */
  public synchronized void restartSearch(Map<String, String> extraSystemProperties) {
    if (search != null) {
      stop(search);
      search = null;
    }
    this.searchExtraProperties = Map.copyOf(extraSystemProperties);
    try {
      startSearch();
    } catch (IOException e) {
      throw new IllegalStateException("the search service did not start", e);
    }
  }

  private void startSearch() throws IOException {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("quarkus.grpc.server.port", String.valueOf(searchGrpc));
    props.put("quarkus.management.port", String.valueOf(searchHttp));
    props.putAll(searchExtraProperties);
    search =
        start(
            "search",
            dir,
            "search-service/target/quarkus-app/quarkus-run.jar",
            with(serverTls("search"), "HOMEWARD_DATA_DIR", searchDataDir().toString()),
            props);
    awaitReady(embedder, "http://127.0.0.1:" + embedderHttp + "/q/health/ready", null);
    awaitReady(
        search, "http://127.0.0.1:" + searchHttp + "/q/health/ready", dir.resolve("search.log"));
  }

  /**
   * The environment a gRPC service gets from the launcher: its certificate and the CA it trusts.
   */
  private static Map<String, String> serverTls(String name) {
    return Map.of(
        "HOMEWARD_TLS_CERT", tls.resolve(name + ".crt").toString(),
        "HOMEWARD_TLS_KEY", tls.resolve(name + ".key").toString(),
        "HOMEWARD_TLS_TRUST_STORE", tls.resolve(InternalCertificates.TRUST_STORE).toString());
  }

  private static Map<String, String> with(Map<String, String> env, String key, String value) {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.put(key, value);
    return all;
  }

  private static Process start(
      String name, Path dir, String jar, Map<String, String> env, Map<String, String> props)
      throws IOException {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx768m");
    cmd.add("-Djava.awt.headless=true");
    props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-jar");
    cmd.add(root.resolve(jar).toString());
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
    pb.environment().put("HOMEWARD_DATA_DIR", dir.resolve("data").toString());
    pb.environment().put("HOMEWARD_KEYS_DIR", dir.resolve("keys").toString());
    pb.environment().put("OPENCV_LOG_LEVEL", "FATAL");
    pb.environment().putAll(env);
    Process p = pb.start();
    synchronized (ALL) {
      ALL.add(p);
    }
    return p;
  }

  private static void awaitReady(Process p, String url, Path log) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        fail("a service exited at start-up; see " + (log == null ? work : log));
      }
      try {
        HttpResponse<Void> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Starting.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for " + url);
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for " + url);
      }
    }
    fail(url + " did not become ready within 180 s");
  }

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  private static void stopAll() {
    List<Process> all;
    synchronized (ALL) {
      all = new ArrayList<>(ALL);
    }
    all.forEach(Process::destroy);
    for (Process p : all) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
