package io.homeward.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.images.ImageStoreException;
import io.homeward.gateway.images.ImageStoreException.Reason;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/**
 * A failing image store answers as what it is: storage away is a passing {@code 503} with {@code
 * Retry-After} (object storage in a cluster goes away more often than a local disk), a stored image
 * that fails authentication is an internal failure; neither shows the store's message.
 */
class ImageStoreProblemsTest {
  private final ProblemMappers mappers = new ProblemMappers();

  @Test
  void storageAwayIsA503WithRetryAfter() {
    Response r =
        mappers.imageStore(
            new ImageStoreException(Reason.IO, "Could not write an image (bucket homeward-images)"),
            null);
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
    assertThat(detail(r)).isEqualTo("the image storage is unavailable").doesNotContain("bucket");
  }

  @Test
  void aCorruptImageOrAMissingKeyIsAnInternalFailure() {
    for (Reason reason : new Reason[] {Reason.CORRUPT, Reason.KEY}) {
      Response r =
          mappers.imageStore(new ImageStoreException(reason, "A stored image failed"), null);
      assertThat(r.getStatus()).isEqualTo(500);
      assertThat(r.getHeaderString("Retry-After")).isNull();
      assertThat(detail(r)).doesNotContain("stored image");
    }
  }

  @Test
  void anImageTooLargeIs413() {
    Response r = mappers.imageStore(new ImageStoreException(Reason.TOO_LARGE, "too big"), null);
    assertThat(r.getStatus()).isEqualTo(413);
  }

  private static String detail(Response r) {
    return ((Problem) r.getEntity()).detail();
  }
}
