package io.homeward.gateway.images;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The image key: a Tink AEAD keyset in Tink's JSON format, kept apart from the images. A keyset may
 * hold several keys: new images are sealed with the primary, older ones still open with theirs
 * (rotate with {@code ./homeward reseal-images}).
 */
public final class ImageKeys {
  private static final Logger LOG = Logger.getLogger(ImageKeys.class);

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ImageKeys() {}

  /**
   * Opens the keyset at {@code keysetFile}; when it is absent and {@code generate} is set (one
   * machine, development, tests), first generates an AES-256-GCM keyset there, owner-only.
   *
   * @param imagesDir where the images live; the key must not live under it
   * @throws ImageStoreException ({@link ImageStoreException.Reason#KEY}) when the key is missing
   *     and may not be generated, unreadable, or not an AEAD keyset
   */
  public static Aead open(Path keysetFile, boolean generate, Path imagesDir) {
    Path key = keysetFile.toAbsolutePath().normalize();
    if (key.startsWith(imagesDir.toAbsolutePath().normalize())) {
      throw new ImageStoreException(
          ImageStoreException.Reason.KEY,
          "homeward.gateway.images.keyset-file must not lie under homeward.gateway.images.dir:"
              + " a copy of the images would then carry their key");
    }
    KeysetHandle keyset;
    if (Files.exists(key)) {
      keyset = read(key);
    } else if (generate) {
      keyset = generate(key);
      LOG.infof("Generated a new image keyset at %s (keep a backup apart from the images)", key);
    } else {
      throw new ImageStoreException(
          ImageStoreException.Reason.KEY,
          "No image keyset at "
              + key
              + " and homeward.gateway.images.generate-key=false: mount the keyset (Tink JSON,"
              + " from a secret) there or point homeward.gateway.images.keyset-file at it");
    }
    warnIfShared(key);
    return aead(keyset);
  }

  /** Makes the AEAD primitive of a keyset (every key in it can open, the primary seals). */
  public static Aead aead(KeysetHandle keyset) {
    try {
      return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new ImageStoreException(
          ImageStoreException.Reason.KEY, "The image keyset is not an AEAD keyset", e);
    }
  }

  /** Generates a one-key AES-256-GCM keyset and writes it to {@code file}, owner-only. */
  public static KeysetHandle generate(Path file) {
    try {
      KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      String json =
          TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
      SecureFiles.createOwnerOnlyDirectories(file.getParent());
      SecureFiles.writeAtomically(file, json.getBytes(StandardCharsets.UTF_8));
      return keyset;
    } catch (GeneralSecurityException | IOException e) {
      throw new ImageStoreException(
          ImageStoreException.Reason.KEY, "Could not generate the image keyset", e);
    }
  }

  private static KeysetHandle read(Path file) {
    try {
      String json = Files.readString(file, StandardCharsets.UTF_8);
      return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (NoSuchFileException e) {
      throw new ImageStoreException(
          ImageStoreException.Reason.KEY, "No image keyset at " + file, e);
    } catch (GeneralSecurityException | IOException e) {
      throw new ImageStoreException(
          ImageStoreException.Reason.KEY,
          "The image keyset at " + file + " is unreadable or not a Tink JSON keyset",
          e);
    }
  }

  private static void warnIfShared(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
        LOG.warnf("The image keyset at %s is readable by others than its owner", file);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: nothing to check.
    }
  }
}
