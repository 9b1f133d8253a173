package io.homeward.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The overlays as a cluster would receive them: rendered by {@code kubectl kustomize} (or a
 * standalone {@code kustomize build} where kubectl is missing; {@code .ci/run} installs one), then
 * parsed into the fabric8 model of each kind.
 */
final class Overlays {
  static final List<String> NAMES = List.of("dev", "prod");

  private static final Path ROOT = locateRoot();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

  private Overlays() {}

  /** The k8s folder (the module's base directory). */
  static Path root() {
    return ROOT;
  }

  /** The objects of one overlay, rendered once per test run. */
  static List<HasMetadata> objects(String overlay) {
    return RENDERED.computeIfAbsent(
        overlay, o -> parse(render(ROOT.resolve("overlays").resolve(o))));
  }

  /** Renders a kustomization folder; fails with the renderer's own message. */
  static String render(Path kustomization) {
    List<String> command = renderer();
    command.add(kustomization.toString());
    try {
      Path out = Files.createTempFile("kustomize", ".yaml");
      Path err = Files.createTempFile("kustomize", ".err");
      try {
        Process p =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " ran past 120 s");
        }
        if (p.exitValue() != 0) {
          throw new AssertionError(
              String.join(" ", command) + " failed:\n" + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Parses a multi-document YAML stream into the fabric8 model of each kind. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    try (var docs = YAML.readerFor(KubernetesResource.class).readValues(yaml)) {
      while (docs.hasNext()) {
        Object o = docs.next();
        if (o == null) {
          continue;
        }
        if (!(o instanceof HasMetadata h)) {
          throw new AssertionError("not a Kubernetes object: " + o.getClass().getName());
        }
        objects.add(h);
      }
    } catch (IOException e) {
      throw new AssertionError("the rendered YAML does not parse: " + e.getMessage(), e);
    }
    return objects;
  }

  private static List<String> renderer() {
    Optional<Path> kubectl = onPath("kubectl");
    if (kubectl.isPresent()) {
      return new ArrayList<>(List.of(kubectl.get().toString(), "kustomize"));
    }
    Optional<Path> kustomize = onPath("kustomize");
    if (kustomize.isPresent()) {
      return new ArrayList<>(List.of(kustomize.get().toString(), "build"));
    }
    Path goBin = Path.of(System.getProperty("user.home"), "go", "bin", "kustomize");
    if (Files.isExecutable(goBin)) {
      return new ArrayList<>(List.of(goBin.toString(), "build"));
    }
    String missing =
        "neither kubectl nor kustomize is on the PATH: install kubectl, or run"
            + " `go install sigs.k8s.io/kustomize/kustomize/v5@v5.5.0` (.ci/run does)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(missing + " (CI=true: the overlays must be rendered)");
    }
    org.junit.jupiter.api.Assumptions.abort(missing);
    throw new IllegalStateException("unreachable");
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Path locateRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("overlays")) && Files.isDirectory(p.resolve("base"))) {
        return p;
      }
      if (Files.isDirectory(p.resolve("k8s/overlays"))) {
        return p.resolve("k8s");
      }
    }
    throw new IllegalStateException("no k8s folder above " + here);
  }
}
