package io.homeward.gateway.config;

import io.homeward.gateway.images.EncryptedDirectoryImageStore;
import io.homeward.gateway.images.ImageKeys;
import io.homeward.gateway.images.ImageRenderer;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.images.Java2dImageRenderer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Opens the image key and store, and the renderer, at start-up: a missing key or an unusable
 * renderer (no fonts for the watermark) fails start-up rather than the first view.
 */
@ApplicationScoped
public class ImageProducer {
  @Produces
  @Singleton
  @Startup
  ImageStore imageStore(ImageConfig config) {
    return EncryptedDirectoryImageStore.open(
        config.dir(),
        ImageKeys.open(config.keysetFile(), config.generateKey(), config.dir()),
        config.maxBytes());
  }

  @Produces
  @Singleton
  @Startup
  ImageRenderer imageRenderer(ImageConfig config) {
    return new Java2dImageRenderer(config.displaySize(), config.maxPixels(), config.jpegQuality());
  }
}
