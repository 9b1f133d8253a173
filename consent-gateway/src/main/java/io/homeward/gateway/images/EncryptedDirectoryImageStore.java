package io.homeward.gateway.images;

import com.google.crypto.tink.Aead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@link ImageStore} in a local directory, every image sealed with Tink AEAD.
 *
 * <p>Layout: {@code <dir>/<first two characters of ref>/<ref>.sealed}, directories {@code
 * rwx------}, files {@code rw-------}. A file is {@code "HWI" 0x01} followed by a Tink AEAD
 * ciphertext (Tink's 5-byte key-id prefix, then for AES-GCM a 12-byte nonce, the ciphertext and a
 * 16-byte tag). The associated data is {@code "homeward/image/v1/" + ref}: a file copied or renamed
 * to another reference fails to open. Files are written to a temporary file, flushed, and renamed
 * into place.
 *
 * <p>Deleting removes the file; it is not crypto-erasure: a backup of the file can still be opened
 * with the keyset. Copies in backups are erased by rotating the key, {@link #reseal resealing} the
 * live images under the new primary, and destroying the old key.
 *
 * <p>Thread-safe: references are random, so writers never share a file.
 */
public final class EncryptedDirectoryImageStore extends SealedImageStore {
  private static final String SUFFIX = ".sealed";

  private final Path dir;

  private EncryptedDirectoryImageStore(Path dir, Aead aead, long maxBytes) {
    super(aead, maxBytes);
    this.dir = dir;
  }

  /**
   * Opens (creating it owner-only if needed) a store in {@code dir}.
   *
   * @param aead the image key, from {@link ImageKeys#open}
   * @param maxBytes the largest image accepted by {@link #put}
   */
  public static EncryptedDirectoryImageStore open(Path dir, Aead aead, long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    Path absolute = dir.toAbsolutePath().normalize();
    try {
      SecureFiles.createOwnerOnlyDirectories(absolute);
    } catch (IOException e) {
      throw new ImageStoreException(
          ImageStoreException.Reason.IO, "Could not create the image directory " + absolute, e);
    }
    return new EncryptedDirectoryImageStore(absolute, aead, maxBytes);
  }

  @Override
  byte[] readSealed(String ref) {
    byte[] file;
    try {
      file = Files.readAllBytes(path(ref));
    } catch (NoSuchFileException e) {
      throw new ImageNotFoundException("No image under this reference");
    } catch (IOException e) {
      throw new ImageStoreException(ImageStoreException.Reason.IO, "Could not read an image", e);
    }
    return file;
  }

  @Override
  public boolean delete(String ref) {
    ImageRefs.require(ref);
    Path path = path(ref);
    try {
      boolean existed = Files.deleteIfExists(path);
      if (existed) {
        SecureFiles.syncDirectory(path.getParent());
      }
      return existed;
    } catch (IOException e) {
      throw new ImageStoreException(ImageStoreException.Reason.IO, "Could not delete an image", e);
    }
  }

  @Override
  public Set<String> refs() {
    Set<String> refs = new HashSet<>();
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path shard : shards) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard, "*" + SUFFIX)) {
          for (Path file : files) {
            String name = file.getFileName().toString();
            String ref = name.substring(0, name.length() - SUFFIX.length());
            if (ImageRefs.isValid(ref) && shard.equals(path(ref).getParent())) {
              refs.add(ref);
            }
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ImageStoreException(ImageStoreException.Reason.IO, "Could not list images", e);
    }
    return refs;
  }

  @Override
  void writeSealed(String ref, byte[] sealed) {
    Path path = path(ref);
    try {
      SecureFiles.createOwnerOnlyDirectories(path.getParent());
      SecureFiles.writeAtomically(path, sealed);
    } catch (IOException e) {
      throw new ImageStoreException(ImageStoreException.Reason.IO, "Could not write an image", e);
    }
  }

  private Path path(String ref) {
    return dir.resolve(ref.substring(0, 2)).resolve(ref + SUFFIX);
  }
}
