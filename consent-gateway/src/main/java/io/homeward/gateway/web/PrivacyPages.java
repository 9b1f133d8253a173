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
 * The privacy officers' page for access and correction requests (PRIVACY.md rule 21): the case is
 * typed into the page's form, never carried in the address; the report comes from the REST API.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class PrivacyPages {
  private final HttpHeaders headers;

  public PrivacyPages(HttpHeaders headers) {
    this.headers = headers;
  }

  /** The type-safe templates under {@code templates/PrivacyPages/}. */
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance subjectAccess(Pages.Page page);
  }

  @GET
  @Path("oversight/subject-access")
  @Operation(hidden = true)
  public String subjectAccess(@CookieParam(UiLocale.COOKIE) String lang) {
    UiLocale locale = UiLocale.resolve(lang, headers.getAcceptableLanguages());
    return Templates.subjectAccess(new Pages.Page(locale.tag()))
        .setLocale(locale.bundleLocale())
        .render();
  }
}
