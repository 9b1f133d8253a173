package io.homeward.embedder.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real photos from ../shared/fixtures, when that folder is present. */
class FixturesTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

  @Test
  void decodesEveryFixturePhoto() throws IOException {
    Path fixtures = sharedDir().resolve("fixtures");
    assumeThat(Files.isDirectory(fixtures))
        .as("shared fixtures not found at %s; skipping", fixtures.toAbsolutePath())
        .isTrue();
    List<Path> photos = new ArrayList<>();
    for (String folder : new String[] {"people", "public-domain"}) {
      Path dir = fixtures.resolve(folder);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.filter(FixturesTest::isPhoto).forEach(photos::add);
        }
      }
    }
    assumeThat(photos).as("no photos under %s", fixtures).isNotEmpty();
    for (Path photo : photos) {
      try (DecodedImage image = decoder.decode(Files.readAllBytes(photo))) {
        assertThat(image.bgr().type()).as(photo.toString()).isEqualTo(CV_8UC3);
        assertThat(image.info().width()).as(photo.toString()).isEqualTo(image.bgr().cols());
        assertThat(image.info().format()).isIn("jpeg", "png");
      }
    }
  }

  private static boolean isPhoto(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p)
        && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
  }

  /** -Dhomeward.shared.dir from the build, else ../../shared from the embedder module. */
  private static Path sharedDir() {
    String configured = System.getProperty("homeward.shared.dir");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of("..", "..", "shared");
  }
}
