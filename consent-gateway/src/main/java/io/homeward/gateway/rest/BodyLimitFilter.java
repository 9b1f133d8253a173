package io.homeward.gateway.rest;

import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The per-endpoint body limit for bodies sent without a declared length (chunked): the body is
 * counted as it is read, and reading past the limit fails the request with 413. Declared lengths
 * are refused earlier, by {@link BodyLimits}.
 */
public class BodyLimitFilter {
  private final BodyLimits limits;

  public BodyLimitFilter(BodyLimits limits) {
    this.limits = limits;
  }

  @ServerRequestFilter(preMatching = true)
  public void limit(ContainerRequestContext request) {
    if (request.getHeaderString("Content-Length") != null || !request.hasEntity()) {
      return;
    }
    long limit = limits.limitFor(request.getUriInfo().getPath());
    request.setEntityStream(new Bounded(request.getEntityStream(), limit));
  }

  /** Fails once more than the limit has been read. */
  static final class Bounded extends FilterInputStream {
    private final long limit;
    private long read;

    Bounded(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(long n) {
      read += n;
      if (read > limit) {
        throw new GatewayException(
            ProblemType.BODY_TOO_LARGE, "the body is larger than " + limit + " bytes");
      }
    }
  }
}
