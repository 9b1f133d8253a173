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
 * The administrators' organisations page: list, create, rename, reclassify, deactivate. As {@link
 * Pages}, a frame in the reader's language; what it shows comes from {@code
 * /api/v1/admin/organisations} with the session cookie.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class OrganisationPages {
  private final HttpHeaders headers;

  public OrganisationPages(HttpHeaders headers) {
    this.headers = headers;
  }

  /** The type-safe templates under {@code templates/OrganisationPages/}. */
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance organisations(Pages.Page page);
  }

  @GET
  @Path("admin/organisations")
  @Operation(hidden = true)
  public String organisations(@CookieParam(UiLocale.COOKIE) String lang) {
    UiLocale locale = UiLocale.resolve(lang, headers.getAcceptableLanguages());
    return Templates.organisations(new Pages.Page(locale.tag()))
        .setLocale(locale.bundleLocale())
        .render();
  }
}
