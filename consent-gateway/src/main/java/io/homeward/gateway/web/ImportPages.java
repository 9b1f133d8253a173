package io.homeward.gateway.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The bulk import page: the organisation's import jobs with their progress, an upload form and the
 * refusal reports. As {@link Pages}, a frame in the reader's language; its data comes from {@code
 * /api/v1/imports} with the session cookie.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ImportPages {
  private final HttpHeaders headers;

  public ImportPages(HttpHeaders headers) {
    this.headers = headers;
  }

  /** The type-safe templates under {@code templates/ImportPages/}. */
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance imports(Pages.Page page);
  }

  @GET
  @Path("imports")
  @Operation(hidden = true)
  public String imports(@CookieParam(UiLocale.COOKIE) String lang) {
    UiLocale locale = UiLocale.resolve(lang, headers.getAcceptableLanguages());
    return Templates.imports(new Pages.Page(locale.tag()))
        .setLocale(locale.bundleLocale())
        .render();
  }
}
