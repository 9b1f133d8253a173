package io.homeward.support.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundled resource by its classpath name, a file by its path, and a clear miss. */
class LocationsTest {
  @TempDir Path dir;

  @Test
  void readsAResourceOnTheClasspath() throws IOException {
    try (InputStream in = Locations.open("classpath:META-INF/beans.xml", LocationsTest.class)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("<beans");
    }
  }

  @Test
  void readsAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("calibration.json"), "{}");
    try (InputStream in = Locations.open(file.toString(), LocationsTest.class)) {
      assertThat(in.readAllBytes()).containsExactly('{', '}');
    }
  }

  @Test
  void aMissingResourceOrFileIsAnIoError() {
    assertThatThrownBy(() -> Locations.open("classpath:homeward/no-such.json", LocationsTest.class))
        .isInstanceOf(IOException.class)
        .hasMessage("no such resource on the classpath");
    assertThatThrownBy(
            () -> Locations.open(dir.resolve("absent.json").toString(), LocationsTest.class))
        .isInstanceOf(NoSuchFileException.class);
  }
}
