package io.homeward.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The services' container images, read from the OCI tarballs that the build writes (issue 18): what
 * the cluster's manifests expect of them, and what must never be in them. The smoke runs of the
 * same images are in {@link ContainerImagesSmokeTest}.
 */
class ContainerImagesTest {
  /** Compressed size limits, with room above today's (embedder 178, search 88, gateway 124 MiB). */
  private static final Map<String, Long> MAX_MIB =
      Map.of("embedder", 230L, "search-service", 120L, "consent-gateway", 160L);

  private static final Map<String, ContainerImages.Image> READ = new ConcurrentHashMap<>();

  static Stream<String> services() {
    return ContainerImages.SERVICES.stream();
  }

  /** The image, read once; skipped where the build made none (a CI run must have them). */
  static ContainerImages.Image image(String service) {
    Path tar = ContainerImages.tarball(service);
    if (!Files.isRegularFile(tar)) {
      String missing =
          "no image at "
              + tar
              + ": the build writes it in package (./mvnw package; not with"
              + " -Dhomeward.images.skip=true)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(missing + " (CI=true: the images must be built and checked)");
      }
      Assumptions.abort(missing);
    }
    return READ.computeIfAbsent(service, ContainerImages::read);
  }

  private static Container container(String service) {
    for (HasMetadata object : Overlays.objects("dev")) {
      if (object instanceof Deployment d && d.getMetadata().getName().equals(service)) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
      }
    }
    throw new AssertionError("no Deployment " + service + " in the dev overlay");
  }

  private static Deployment deployment(String service) {
    for (HasMetadata object : Overlays.objects("dev")) {
      if (object instanceof Deployment d && d.getMetadata().getName().equals(service)) {
        return d;
      }
    }
    throw new AssertionError("no Deployment " + service + " in the dev overlay");
  }

  @ParameterizedTest
  @MethodSource("services")
  void isTheImageTheManifestsDeployUnderTheirUser(String service) {
    ContainerImages.Image image = image(service);
    JsonNode config = image.config().path("config");

    assertThat(image.reference()).isEqualTo(container(service).getImage());
    Long runAsUser =
        deployment(service).getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
    Long runAsGroup =
        deployment(service).getSpec().getTemplate().getSpec().getSecurityContext().getRunAsGroup();
    assertThat(config.path("User").asText()).isEqualTo(runAsUser + ":" + runAsGroup);
    assertThat(runAsUser).isNotZero();
    assertThat(image.config().path("os").asText()).isEqualTo("linux");
    assertThat(image.config().path("architecture").asText()).isEqualTo("amd64");

    List<Integer> ports = new ArrayList<>();
    for (Iterator<String> it = config.path("ExposedPorts").fieldNames(); it.hasNext(); ) {
      ports.add(Integer.parseInt(it.next().replace("/tcp", "")));
    }
    assertThat(ports)
        .containsExactlyInAnyOrderElementsOf(
            container(service).getPorts().stream().map(ContainerPort::getContainerPort).toList());
  }

  /**
   * {@link ImageRules}: the runtime's launcher starts the fast-jar; no shell, package database,
   * setuid file, desktop library, link or file the service user could change; nothing that looks
   * like a secret in the configuration or the files.
   */
  @ParameterizedTest
  @MethodSource("services")
  void keepsTheImageRules(String service) {
    ContainerImages.Image image = image(service);

    assertThat(ImageRules.violations(image)).isEmpty();
    assertThat(image.config().path("config").path("WorkingDir").asText()).isEqualTo("/app");
    assertThat(image.files()).containsKeys("/opt/java/lib/security/cacerts", "/etc/passwd");
    assertThat(image.files().get("/tmp").mode()).isEqualTo(0777);
  }

  @ParameterizedTest
  @MethodSource("services")
  void staysWithinItsSizeLimit(String service) {
    ContainerImages.Image image = image(service);
    long mib = image.compressedBytes() >> 20;
    System.out.printf(
        "image %s: %d MiB compressed in %d layers (%s)%n",
        image.reference(), mib, image.layerSizes().size(), image.layerSizes());

    assertThat(mib).isLessThanOrEqualTo(MAX_MIB.get(service));
  }

  /**
   * The embedder carries its weights, each the file its manifest names with the manifest's SHA-256:
   * the image's digest pins the model, and with it the vector space. The other images carry none.
   */
  @ParameterizedTest
  @MethodSource("services")
  void carriesExactlyTheVerifiedWeightsWhereTheyAreUsed(String service) throws IOException {
    ContainerImages.Image image = image(service);
    TreeSet<String> inImage = new TreeSet<>();
    image
        .files()
        .forEach(
            (path, e) -> {
              if (path.startsWith("/app/models/") && !e.directory()) {
                inImage.add(path);
              }
            });
    if (!service.equals("embedder")) {
      assertThat(inImage).isEmpty();
      return;
    }
    Path manifests =
        Overlays.root().getParent().resolve("models/src/main/resources/homeward/models");
    TreeSet<String> expected = new TreeSet<>();
    try (Stream<Path> listing = Files.list(manifests)) {
      for (Path manifest : listing.filter(p -> p.toString().endsWith(".json")).toList()) {
        String text = Files.readString(manifest);
        Map<String, String> files = new TreeMap<>();
        files.put(field(text, "file"), field(text, "sha256"));
        if (text.contains("\"derivedFrom\"")) {
          // The published file a variant was made from: the embedder checks it at start.
          files.put(field(text, "derivedFrom"), field(text, "derivedFromSha256"));
        }
        files.forEach(
            (file, sha) -> {
              String path = "/app/models/" + file;
              expected.add(path);
              assertThat(image.files().get(path)).as(path).isNotNull();
              assertThat(image.files().get(path).sha256()).as("sha256 of %s", path).isEqualTo(sha);
            });
      }
    }
    assertThat(inImage).isEqualTo(expected);
    String modelsDir = null;
    for (HasMetadata object : Overlays.objects("dev")) {
      if (object instanceof io.fabric8.kubernetes.api.model.ConfigMap c
          && c.getMetadata().getName().equals("homeward-config")) {
        modelsDir = c.getData().get("HOMEWARD_MODELS_DIR");
      }
    }
    assertThat(modelsDir)
        .as("where the cluster's embedder reads its weights")
        .isEqualTo("/app/models");
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no " + name + " in a weights manifest");
    }
    return m.group(1);
  }
}
