package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * The encrypted image store and the renderer that shows images to viewers. The key lives apart from
 * the images: a copy of the image directory alone yields ciphertext.
 */
@ConfigMapping(prefix = "homeward.gateway.images")
public interface ImageConfig {
  /** Directory holding the encrypted images (created owner-only if absent). */
  Path dir();

  /**
   * The image key: a Tink JSON AEAD keyset. In a cluster, a file mounted from a secret; on one
   * machine, a file outside {@link #dir()} (start-up refuses one inside it).
   */
  Path keysetFile();

  /**
   * Whether to generate a keyset at {@link #keysetFile()} when none is there (one machine,
   * development, tests). Set {@code false} in a cluster: a pod without its mounted key must fail to
   * start rather than seal images with a key of its own.
   */
  @WithDefault("true")
  boolean generateKey();

  /** Largest image accepted for storage, in bytes (20 MiB). */
  @WithDefault("20971520")
  long maxBytes();

  /** Largest decoded image, in pixels; bigger ones are refused before decoding. */
  @WithDefault("40000000")
  long maxPixels();

  /** Longest side of a displayed image, in pixels; larger images are scaled down. */
  @WithDefault("512")
  int displaySize();

  /** JPEG quality of displayed images, from 0 to 1. */
  @WithDefault("0.85")
  float jpegQuality();
}
