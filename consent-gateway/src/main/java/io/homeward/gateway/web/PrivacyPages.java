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
 * The privacy flows' pages: the one-time search with a stranger's photo (rules 7, 20), the police
 * alert posters (a form, the printable poster) and the privacy officers' list of them (rule 15),
 * and the privacy officers' page for access and correction requests (rule 21). As {@link Pages},
 * each is a frame in the reader's language; what it shows comes from the REST API with the session
 * cookie, and nothing about a subject is in an address (the case is typed into a form).
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
    static native TemplateInstance oneTimeSearch(Pages.Page page);

    static native TemplateInstance newPoster(Pages.Page page);

    static native TemplateInstance poster(Pages.Page page);

    static native TemplateInstance posters(Pages.Page page);

    static native TemplateInstance subjectAccess(Pages.Page page);
  }

  @GET
  @Path("oversight/subject-access")
  @Operation(hidden = true)
  public String subjectAccess(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.subjectAccess(page(lang)), lang);
  }

  @GET
  @Path("one-time-search")
  @Operation(hidden = true)
  public String oneTimeSearch(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.oneTimeSearch(page(lang)), lang);
  }

  @GET
  @Path("posters/new")
  @Operation(hidden = true)
  public String newPoster(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.newPoster(page(lang)), lang);
  }

  /** The printable poster; its id is an opaque poster id, nothing about the subject. */
  @GET
  @Path("posters/{id}")
  @Operation(hidden = true)
  public String poster(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.poster(page(lang)), lang);
  }

  @GET
  @Path("oversight/posters")
  @Operation(hidden = true)
  public String posters(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.posters(page(lang)), lang);
  }

  private Pages.Page page(String cookie) {
    return new Pages.Page(locale(cookie).tag());
  }

  private UiLocale locale(String cookie) {
    return UiLocale.resolve(cookie, headers.getAcceptableLanguages());
  }

  private String render(TemplateInstance t, String cookie) {
    return t.setLocale(locale(cookie).bundleLocale()).render();
  }
}
