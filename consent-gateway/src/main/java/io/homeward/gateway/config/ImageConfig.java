package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The encrypted image store and the renderer that shows images to viewers. The key lives apart from
 * the images: a copy of the image directory alone yields ciphertext.
 */
@ConfigMapping(prefix = "homeward.gateway.images")
public interface ImageConfig {
  /** Where sealed images are kept. */
  enum Store {
    /** A local directory ({@link #dir()}): one machine. */
    DIRECTORY,
    /** An S3-compatible bucket ({@link #s3()}): a cluster, where gateways share the images. */
    S3
  }

  /** Where sealed images are kept: {@code directory} (default) or {@code s3}. */
  @WithDefault("directory")
  Store store();

  /** Directory holding the encrypted images (created owner-only if absent). */
  Path dir();

  /** The bucket, when {@link #store()} is {@code s3}. */
  S3 s3();

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

  /**
   * S3-compatible object storage for the sealed images. The gateway seals every image before it
   * leaves the process; the storage never holds a key. The bucket must exist.
   */
  interface S3 {
    /** Endpoint URL of an S3-compatible server; absent: AWS S3 in {@link #region()}. */
    Optional<URI> endpoint();

    /** Region the requests are signed for (any value most S3-compatible servers accept). */
    @WithDefault("us-east-1")
    String region();

    /** The bucket (required with the {@code s3} store). */
    Optional<String> bucket();

    /** Prefix of every object key: empty, or ending in {@code /}. */
    @WithDefault("images/")
    String prefix();

    /** Path-style addressing ({@code endpoint/bucket/key}), as most self-hosted servers want. */
    @WithDefault("false")
    boolean pathStyle();

    /**
     * Access key id; with {@link #secretAccessKey()}, or neither for the SDK's default chain
     * (environment, profile, container or instance role).
     */
    Optional<String> accessKeyId();

    /** Secret access key (from a mounted secret; never logged). */
    Optional<String> secretAccessKey();

    /** Longest a single request may take, retries included. */
    @WithDefault("20s")
    Duration callTimeout();

    /** Longest one attempt may take. */
    @WithDefault("8s")
    Duration attemptTimeout();
  }
}
