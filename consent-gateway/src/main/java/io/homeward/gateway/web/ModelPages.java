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
 * The administrators' model change page: the vector spaces, the re-embedding job's progress, rate
 * and time left, and the form that starts a job. A frame in the reader's language; what it shows
 * comes from {@code /api/v1/admin/spaces} with the session cookie.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ModelPages {
  private final HttpHeaders headers;

  public ModelPages(HttpHeaders headers) {
    this.headers = headers;
  }

  /** The type-safe templates under {@code templates/ModelPages/}. */
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance models(Pages.Page page);
  }

  @GET
  @Path("admin/models")
  @Operation(hidden = true)
  public String models(@CookieParam(UiLocale.COOKIE) String lang) {
    UiLocale locale = UiLocale.resolve(lang, headers.getAcceptableLanguages());
    return Templates.models(new Pages.Page(locale.tag())).setLocale(locale.bundleLocale()).render();
  }
}
