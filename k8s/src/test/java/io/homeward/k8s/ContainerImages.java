package io.homeward.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The services' container images as the build wrote them: OCI image-layout tarballs in each
 * service's {@code target/image/} (Jib, from the parent pom). Read without a container runtime.
 */
final class ContainerImages {
  /** The services that ship an image, by their folder and image name. */
  static final List<String> SERVICES = List.of("embedder", "search-service", "consent-gateway");

  private static final ObjectMapper JSON = new ObjectMapper();

  private ContainerImages() {}

  /** One file, folder or link of the image's merged layers. */
  record Entry(
      String path,
      long size,
      int mode,
      long uid,
      long gid,
      boolean directory,
      boolean link,
      String linkTarget,
      String sha256) {}

  /** A read image: its name, configuration, layers (compressed sizes) and merged files. */
  record Image(
      String service,
      Path tarball,
      String reference,
      JsonNode config,
      List<String> layerDigests,
      List<Long> layerSizes,
      Map<String, Entry> files) {
    long compressedBytes() {
      return layerSizes.stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Where the build writes a service's image. */
  static Path tarball(String service) {
    return Overlays.root()
        .getParent()
        .resolve(service)
        .resolve("target/image/" + service + ".oci.tar");
  }

  /**
   * Reads a service's image: the index's single manifest, its configuration, and every layer's
   * files (later layers over earlier ones; each regular file with its SHA-256).
   */
  static Image read(String service) {
    Path tar = tarball(service);
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    byte[] index = null;
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
        if (name.equals("index.json")) {
          index = in.readAllBytes();
        } else if (name.startsWith("blobs/sha256/") && e.isFile()) {
          blobs.put("sha256:" + name.substring("blobs/sha256/".length()), in.readAllBytes());
        }
      }
      if (index == null) {
        throw new AssertionError(tar + " is not an OCI image layout (no index.json)");
      }
      JsonNode manifests = JSON.readTree(index).path("manifests");
      if (manifests.size() != 1) {
        throw new AssertionError(tar + " holds " + manifests.size() + " manifests, not one");
      }
      String reference =
          manifests.get(0).path("annotations").path("org.opencontainers.image.ref.name").asText();
      JsonNode manifest = JSON.readTree(blob(blobs, manifests.get(0).path("digest").asText()));
      JsonNode config = JSON.readTree(blob(blobs, manifest.path("config").path("digest").asText()));
      List<String> digests = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      Map<String, Entry> files = new LinkedHashMap<>();
      for (JsonNode layer : manifest.path("layers")) {
        String digest = layer.path("digest").asText();
        digests.add(digest);
        sizes.add(layer.path("size").asLong());
        readLayer(blob(blobs, digest), files);
      }
      return new Image(service, tar, reference, config, digests, sizes, files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] blob(Map<String, byte[]> blobs, String digest) {
    byte[] bytes = blobs.get(digest);
    if (bytes == null) {
      throw new AssertionError("blob " + digest + " is missing from the image");
    }
    return bytes;
  }

  private static void readLayer(byte[] gzipped, Map<String, Entry> files) throws IOException {
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(
            new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped), 1 << 16))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        String path = normalise(e.getName());
        String sha = e.isFile() ? sha256(in) : null;
        files.put(
            path,
            new Entry(
                path,
                e.getSize(),
                e.getMode() & 07777,
                e.getLongUserId(),
                e.getLongGroupId(),
                e.isDirectory(),
                e.isSymbolicLink() || e.isLink(),
                e.getLinkName(),
                sha));
      }
    }
  }

  private static String normalise(String name) {
    String path = name.startsWith("./") ? name.substring(1) : name;
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Unpacks the image's layers into {@code root} with the system's tar, as a runtime would: owners
   * and modes as the image says, so {@code privileged} ({@code sudo -n} when not root) runs it.
   */
  static void unpack(Image image, Path root, List<String> privileged)
      throws IOException, InterruptedException {
    Path blobs = Files.createTempDirectory("oci");
    try {
      run(List.of("tar", "-xf", image.tarball().toString(), "-C", blobs.toString()));
      Files.createDirectories(root);
      for (String digest : image.layerDigests()) {
        Path layer = blobs.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        List<String> tar = new ArrayList<>(privileged);
        tar.addAll(
            List.of(
                "tar",
                "--warning=no-unknown-keyword",
                "--same-owner",
                "--same-permissions",
                "-xzf",
                layer.toString(),
                "-C",
                root.toString()));
        run(tar);
      }
    } finally {
      run(List.of("rm", "-rf", blobs.toString()));
    }
  }

  /** Runs a command; fails with its output when it exits non-zero. */
  static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + out);
    }
  }
}
