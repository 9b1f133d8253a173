package io.homeward.support.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a configured location: {@code classpath:some/resource} for what ships in a jar, anything
 * else as a file path, so a deployment can replace a bundled file with its own by configuration.
 */
public final class Locations {
  /** Prefix of locations on the classpath. */
  public static final String CLASSPATH = "classpath:";

  private Locations() {}

  /**
   * The location's bytes; the caller closes the stream.
   *
   * @param owner a class of the jar that ships the resource: its class loader finds it (in Quarkus
   *     tests and dev mode this module may sit in a parent loader that cannot see the service's own
   *     resources)
   * @throws IOException if the resource or file is not there or cannot be read
   */
  public static InputStream open(String location, Class<?> owner) throws IOException {
    if (location.startsWith(CLASSPATH)) {
      InputStream in =
          owner.getClassLoader().getResourceAsStream(location.substring(CLASSPATH.length()));
      if (in == null) {
        throw new IOException("no such resource on the classpath");
      }
      return in;
    }
    return Files.newInputStream(Path.of(location));
  }
}
