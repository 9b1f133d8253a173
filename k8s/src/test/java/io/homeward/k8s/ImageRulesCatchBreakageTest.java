package io.homeward.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each image rule fails on an image broken in its way (synthetic images, no build needed). */
class ImageRulesCatchBreakageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ContainerImages.Entry file(String path, int mode) {
    return new ContainerImages.Entry(path, 10, mode, 0, 0, false, false, "", "00");
  }

  private static ContainerImages.Image image(
      Consumer<ObjectNode> config, Consumer<Map<String, ContainerImages.Entry>> files)
      throws Exception {
    ObjectNode root =
        (ObjectNode)
            JSON.readTree(
                """
                {"architecture": "amd64", "os": "linux",
                 "config": {"User": "10001:10001",
                            "Env": ["JAVA_HOME=/opt/java", "PATH=/opt/java/bin", "HOME=/tmp"],
                            "Entrypoint": ["/opt/java/bin/java", "-Djava.awt.headless=true",
                                           "-jar", "/app/quarkus-run.jar"],
                            "WorkingDir": "/app",
                            "Labels": {"org.opencontainers.image.title": "homeward-embedder"}},
                 "history": [{"comment": "java-runtime"}]}
                """);
    config.accept((ObjectNode) root.get("config"));
    Map<String, ContainerImages.Entry> entries = new LinkedHashMap<>();
    for (ContainerImages.Entry e :
        List.of(
            file("/opt/java/bin/java", 0755),
            file("/lib64/ld-linux-x86-64.so.2", 0755),
            file("/lib/x86_64-linux-gnu/libc.so.6", 0644),
            file("/app/quarkus-run.jar", 0644),
            file("/opt/java/lib/security/cacerts", 0644),
            new ContainerImages.Entry("/tmp", 0, 0777, 0, 0, true, false, "", null))) {
      entries.put(e.path(), e);
    }
    files.accept(entries);
    return new ContainerImages.Image(
        "embedder", Path.of("x"), "ref", root, List.of(), List.of(), entries);
  }

  private static List<String> broken(
      Consumer<ObjectNode> config, Consumer<Map<String, ContainerImages.Entry>> files)
      throws Exception {
    return ImageRules.violations(image(config, files));
  }

  @Test
  void aGoodImageHasNoViolation() throws Exception {
    assertThat(broken(c -> {}, f -> {})).isEmpty();
  }

  @Test
  void catchesARootOrNamedUser() throws Exception {
    assertThat(broken(c -> c.put("User", "0:0"), f -> {})).anyMatch(v -> v.startsWith("user"));
    assertThat(broken(c -> c.put("User", "homeward"), f -> {})).anyMatch(v -> v.startsWith("user"));
    assertThat(broken(c -> c.remove("User"), f -> {})).anyMatch(v -> v.startsWith("user"));
  }

  @Test
  void catchesAnEntrypointThroughAShellOrWithoutTheFastJar() throws Exception {
    assertThat(
            broken(
                c -> c.putArray("Entrypoint").add("/bin/sh").add("-c").add("java -jar app.jar"),
                f -> {}))
        .anyMatch(v -> v.startsWith("entrypoint"));
    assertThat(broken(c -> c.putArray("Cmd").add("--debug"), f -> {}))
        .anyMatch(v -> v.startsWith("no Cmd"));
    assertThat(broken(c -> {}, f -> f.remove("/app/quarkus-run.jar")))
        .anyMatch(v -> v.contains("quarkus-run.jar is missing"));
    assertThat(broken(c -> {}, f -> f.put("/opt/java/bin/java", file("/opt/java/bin/java", 0644))))
        .anyMatch(v -> v.contains("executable"));
  }

  @Test
  void catchesAShellAToolOrAPackageDatabase() throws Exception {
    for (String path :
        List.of("/bin/sh", "/usr/bin/bash", "/sbin/busybox", "/var/lib/dpkg/status")) {
      assertThat(broken(c -> {}, f -> f.put(path, file(path, 0755))))
          .as(path)
          .anyMatch(v -> v.contains(path));
    }
  }

  @Test
  void catchesSetuidWritableForeignOwnedAndLinkedFilesAndDesktopLibraries() throws Exception {
    assertThat(broken(c -> {}, f -> f.put("/opt/java/bin/java", file("/opt/java/bin/java", 04755))))
        .anyMatch(v -> v.startsWith("setuid"));
    assertThat(broken(c -> {}, f -> f.put("/app/app/x.jar", file("/app/app/x.jar", 0666))))
        .anyMatch(v -> v.startsWith("writable by anyone"));
    assertThat(
            broken(
                c -> {},
                f ->
                    f.put(
                        "/app/app/x.jar",
                        new ContainerImages.Entry(
                            "/app/app/x.jar", 1, 0644, 10001, 10001, false, false, "", "00"))))
        .anyMatch(v -> v.startsWith("not owned by root"));
    assertThat(
            broken(
                c -> {},
                f ->
                    f.put(
                        "/lib/libz.so",
                        new ContainerImages.Entry(
                            "/lib/libz.so", 0, 0777, 0, 0, false, true, "/etc/shadow", null))))
        .anyMatch(v -> v.startsWith("a link"));
    assertThat(
            broken(
                c -> {},
                f ->
                    f.put(
                        "/lib/x86_64-linux-gnu/libX11.so.6",
                        file("/lib/x86_64-linux-gnu/libX11.so.6", 0644))))
        .anyMatch(v -> v.contains("X11"));
  }

  @Test
  void catchesSecretsInTheConfigurationOrTheFiles() throws Exception {
    assertThat(broken(c -> c.withArray("Env").add("HOMEWARD_DB_PASSWORD=hunter2"), f -> {}))
        .anyMatch(v -> v.contains("named like a secret"));
    assertThat(broken(c -> c.withArray("Env").add("EXTRA=-----BEGIN PRIVATE KEY-----abc"), f -> {}))
        .anyMatch(v -> v.contains("looks like a key"));
    assertThat(
            broken(c -> ((ObjectNode) c.get("Labels")).put("aws", "AKIAABCDEFGHIJKLMNOP"), f -> {}))
        .anyMatch(v -> v.contains("looks like a key"));
    for (String path :
        List.of("/etc/homeward/keys/images.json", "/app/signing.pem", "/tmp/id_rsa", "/app/.env")) {
      assertThat(broken(c -> {}, f -> f.put(path, file(path, 0644))))
          .as(path)
          .anyMatch(v -> v.contains(path));
    }
  }
}
