package io.homeward.gateway.web;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The browser's rules for everything the gateway answers on its public port: pages, scripts, the
 * style sheet, images and API answers alike. Only the gateway's own origin may provide scripts,
 * styles and images (plus {@code blob:} images, which the pages make from watermarked photos
 * fetched with the API's headers); no page may be framed; nothing is cached or sent as a referrer.
 * Set as the response's headers are written, so refusals and static files get them too.
 */
@ApplicationScoped
public class SecurityHeaders {
  /** The policy every answer carries: no inline script or style, no third-party origin. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
          + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            rc -> {
              HttpServerResponse response = rc.response();
              rc.addHeadersEndHandler(
                  ignored ->
                      response
                          .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                          .putHeader("Cache-Control", "no-store")
                          .putHeader("Referrer-Policy", "no-referrer")
                          .putHeader("X-Content-Type-Options", "nosniff")
                          .putHeader("X-Frame-Options", "DENY"));
              rc.next();
            });
  }
}
