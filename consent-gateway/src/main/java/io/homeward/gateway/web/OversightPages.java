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
 * The privacy officers' and administrators' pages: the audit browser with the chain's status, the
 * alerts inbox with account unlock, the withdrawals and erasures, the printable audit report, and
 * the effective configuration. As {@link Pages}, each is a frame in the reader's language; what it
 * shows comes from the REST API with the session cookie, and nothing about a subject is in an
 * address.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class OversightPages {
  private final HttpHeaders headers;

  public OversightPages(HttpHeaders headers) {
    this.headers = headers;
  }

  /** The type-safe templates under {@code templates/OversightPages/}. */
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance audit(Pages.Page page);

    static native TemplateInstance alerts(Pages.Page page);

    static native TemplateInstance report(Pages.Page page);

    static native TemplateInstance erasures(Pages.Page page);

    static native TemplateInstance configuration(Pages.Page page);
  }

  @GET
  @Path("oversight/audit")
  @Operation(hidden = true)
  public String audit(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.audit(page(lang)), lang);
  }

  @GET
  @Path("oversight/alerts")
  @Operation(hidden = true)
  public String alerts(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.alerts(page(lang)), lang);
  }

  @GET
  @Path("oversight/report")
  @Operation(hidden = true)
  public String report(@CookieParam(UiLocale.COOKIE) String lang) {
    // The case or actor is typed into the page's form, never carried in the address.
    return render(Templates.report(page(lang)), lang);
  }

  @GET
  @Path("oversight/erasures")
  @Operation(hidden = true)
  public String erasures(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.erasures(page(lang)), lang);
  }

  @GET
  @Path("admin/configuration")
  @Operation(hidden = true)
  public String configuration(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.configuration(page(lang)), lang);
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
