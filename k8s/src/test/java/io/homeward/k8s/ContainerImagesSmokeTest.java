package io.homeward.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each image run as a container runtime would run it, without one: its layers unpacked, its
 * entrypoint started with its environment in a {@code chroot} as its user (10001), in a mount and
 * PID namespace with its own {@code /proc}. Every file of the image belongs to root, so the service
 * can write only {@code /tmp}, as with the cluster's read-only root filesystem and its {@code /tmp}
 * volume. Needs root or password-less sudo (for chroot); skipped otherwise, with the reason.
 */
class ContainerImagesSmokeTest {
  private static final Duration START = Duration.ofSeconds(240);
  private static List<String> privileged;

  @BeforeAll
  static void privileges() throws Exception {
    privileged = privilege();
  }

  static java.util.stream.Stream<String> services() {
    return ContainerImages.SERVICES.stream();
  }

  /**
   * The service starts from its image alone and reports live (the embedder also ready: its weights
   * loaded from the image and ONNX Runtime and OpenCV unpacked into /tmp); the gateway also serves
   * its web page.
   */
  @ParameterizedTest
  @MethodSource("services")
  void startsFromItsImageAloneAsItsUser(String service) throws Exception {
    ContainerImages.Image image = ContainerImagesTest.image(service);
    Path root = unpacked(image);
    int management = freePort();
    int grpc = freePort();
    int http = freePort();
    Map<String, String> env = imageEnv(image);
    for (String key :
        List.of("JAVA_TOOL_OPTIONS", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "HOMEWARD_MODELS_DIR")) {
      env.put(key, clusterConfig().get(key));
    }
    env.put("HOMEWARD_MANAGEMENT_PORT", Integer.toString(management));
    env.put("QUARKUS_GRPC_SERVER_PORT", Integer.toString(grpc));
    env.put("QUARKUS_HTTP_PORT", Integer.toString(http));
    env.put("HOMEWARD_DATA_DIR", "/tmp/data");
    if (service.equals("consent-gateway")) {
      // One machine's defaults: an embedded database and keys made on first start, all under /tmp.
      env.put("HOMEWARD_GENERATE_KEYS", "true");
      env.put("HOMEWARD_SIGNING_KEYS_DIR", "/tmp/signing");
      tokenKey(root.resolve("tmp/signing"), image);
    }
    List<String> entrypoint = new ArrayList<>();
    image.config().path("config").path("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
    Path log = root.resolveSibling(service + ".log");
    Process process = inImage(root, image, env, entrypoint, log);
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
      String base = "http://127.0.0.1:" + management + "/q/health/";
      assertThat(awaitOk(client, base + "live", process, log)).isEqualTo(200);
      if (service.equals("embedder")) {
        assertThat(awaitOk(client, base + "ready", process, log)).isEqualTo(200);
      }
      if (service.equals("consent-gateway")) {
        HttpResponse<String> page =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("<html");
      }
    } finally {
      stop(process);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(output).doesNotContain("Permission denied").doesNotContain("UnsatisfiedLinkError");
  }

  /**
   * Stops a service and everything under it. Killing {@code unshare} is not enough: its kill-child
   * signal is cleared when chroot changes to the image's user, so the service is signalled itself.
   */
  private static void stop(Process process) throws Exception {
    List<String> pids = new ArrayList<>();
    process.descendants().forEach(p -> pids.add(Long.toString(p.pid())));
    pids.add(Long.toString(process.pid()));
    for (String signal : List.of("-TERM", "-KILL")) {
      List<String> kill = new ArrayList<>(privileged);
      kill.add("kill");
      kill.add(signal);
      kill.addAll(pids);
      signal(kill);
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < giveUp
          && pids.stream().anyMatch(ContainerImagesSmokeTest::alive)) {
        Thread.sleep(200);
      }
      if (pids.stream().noneMatch(ContainerImagesSmokeTest::alive)) {
        return;
      }
    }
    throw new AssertionError("the service did not stop: " + pids);
  }

  private static boolean alive(String pid) {
    return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The gateway's watermark text draws in the image: fontconfig, a font and FreeType are there. */
  @Test
  void theGatewayImageDrawsItsWatermarkFont() throws Exception {
    ContainerImages.Image image = ContainerImagesTest.image("consent-gateway");
    Path root = unpacked(image);
    Path probe = root.resolve("tmp/probe/io/homeward/k8s");
    Files.createDirectories(probe);
    try (var in = FontProbe.class.getResourceAsStream("FontProbe.class")) {
      Files.write(probe.resolve("FontProbe.class"), in.readAllBytes());
    }
    Path log = root.resolveSibling("font-probe.log");
    Process process =
        inImage(
            root,
            image,
            imageEnv(image),
            List.of(
                "/opt/java/bin/java",
                "-Djava.awt.headless=true",
                "-cp",
                "/tmp/probe",
                FontProbe.class.getName()),
            log);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("font SansSerif.bold pixels");
  }

  /**
   * The public key the gateway checks tokens with (an identity provider's in the cluster; on one
   * machine {@code ./homeward token} makes the pair), in a folder of the service user's.
   */
  private static void tokenKey(Path dir, ContainerImages.Image image) throws Exception {
    Files.createDirectories(dir);
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    Files.writeString(dir.resolve("jwt-verify.pem"), pem);
    List<String> chown = new ArrayList<>(privileged);
    chown.addAll(
        List.of(
            "chown", "-R", image.config().path("config").path("User").asText(), dir.toString()));
    ContainerImages.run(chown);
  }

  private static Map<String, String> imageEnv(ContainerImages.Image image) {
    Map<String, String> env = new LinkedHashMap<>();
    image
        .config()
        .path("config")
        .path("Env")
        .forEach(
            e -> {
              String[] kv = e.asText().split("=", 2);
              env.put(kv[0], kv[1]);
            });
    return env;
  }

  private static Map<String, String> clusterConfig() {
    for (HasMetadata object : Overlays.objects("dev")) {
      if (object instanceof ConfigMap c && c.getMetadata().getName().equals("homeward-config")) {
        return c.getData();
      }
    }
    throw new AssertionError("no homeward-config ConfigMap in the dev overlay");
  }

  private static Path unpacked(ContainerImages.Image image) throws Exception {
    Path root = Path.of("target/image-roots").toAbsolutePath().resolve(image.service());
    Path stamp = root.resolveSibling(image.service() + ".layers");
    String layers = String.join("\n", image.layerDigests());
    if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(layers)) {
      List<String> rm = new ArrayList<>(privileged);
      rm.addAll(List.of("rm", "-rf", root.toString()));
      ContainerImages.run(rm);
      ContainerImages.unpack(image, root, privileged);
      Files.createDirectories(root.resolve("proc"));
      Files.writeString(stamp, layers);
    }
    return root;
  }

  private static Process inImage(
      Path root,
      ContainerImages.Image image,
      Map<String, String> env,
      List<String> command,
      Path log)
      throws IOException {
    String user = image.config().path("config").path("User").asText();
    List<String> argv = new ArrayList<>(privileged);
    argv.add("env");
    argv.add("-i");
    env.forEach((k, v) -> argv.add(k + "=" + v));
    argv.addAll(
        List.of(
            tool("unshare"),
            "--mount",
            "--pid",
            "--fork",
            "--kill-child",
            "--mount-proc=" + root.resolve("proc"),
            tool("chroot"),
            "--userspec=" + user,
            root.toString()));
    argv.addAll(command);
    return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** A tool's absolute path ({@code env -i} leaves no PATH); sbin folders included. */
  private static String tool(String name) {
    List<String> dirs =
        new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    Assumptions.abort(name + " is needed for the image smoke runs (util-linux, coreutils)");
    return name;
  }

  private static int awaitOk(HttpClient client, String url, Process process, Path log)
      throws Exception {
    long giveUp = System.nanoTime() + START.toNanos();
    int last = -1;
    while (System.nanoTime() < giveUp) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the service stopped (exit " + process.exitValue() + "): " + tail(log));
      }
      try {
        last =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (last == 200) {
          return last;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError(url + " answered " + last + " after " + START + ": " + tail(log));
  }

  private static String tail(Path log) throws IOException {
    String text = Files.readString(log, StandardCharsets.UTF_8);
    return text.substring(Math.max(0, text.length() - 3000));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** [] as root, [sudo, -n] with password-less sudo; skipped otherwise. */
  private static List<String> privilege() throws Exception {
    if (commandSucceeds(List.of("id", "-u"), "0")) {
      return List.of();
    }
    if (commandSucceeds(List.of("sudo", "-n", "true"), null)) {
      return List.of("sudo", "-n");
    }
    Assumptions.abort("the image smoke runs need root or password-less sudo (chroot, namespaces)");
    return List.of();
  }

  private static boolean commandSucceeds(List<String> command, String expected) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 && (expected == null || expected.equals(out));
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /**
   * Sends a signal; a process that has already ended makes {@code kill} exit non-zero, which is
   * fine.
   */
  private static void signal(List<String> kill) throws Exception {
    Process p = new ProcessBuilder(kill).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
  }
}
