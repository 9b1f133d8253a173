package io.homeward.gateway.config;

import com.google.crypto.tink.Aead;
import io.homeward.gateway.images.EncryptedDirectoryImageStore;
import io.homeward.gateway.images.ImageKeys;
import io.homeward.gateway.images.ImageRenderer;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.images.Java2dImageRenderer;
import io.homeward.gateway.images.S3ImageStore;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Opens the image key and store, and the renderer, at start-up: a missing key, an unreachable
 * bucket or an unusable renderer (no fonts for the watermark) fails start-up rather than the first
 * enrolment or view.
 */
@ApplicationScoped
public class ImageProducer {
  @Produces
  @Singleton
  @Startup
  ImageStore imageStore(ImageConfig config) {
    Aead key = ImageKeys.open(config.keysetFile(), config.generateKey(), config.dir());
    return switch (config.store()) {
      case DIRECTORY -> EncryptedDirectoryImageStore.open(config.dir(), key, config.maxBytes());
      case S3 ->
          S3ImageStore.open(
              S3Clients.images(config.s3()),
              config
                  .s3()
                  .bucket()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "homeward.gateway.images.store is s3 but no bucket is named"
                                  + " (HOMEWARD_IMAGES_S3_BUCKET)")),
              config.s3().prefix(),
              key,
              config.maxBytes());
    };
  }

  @Produces
  @Singleton
  @Startup
  ImageRenderer imageRenderer(ImageConfig config) {
    return new Java2dImageRenderer(config.displaySize(), config.maxPixels(), config.jpegQuality());
  }
}
