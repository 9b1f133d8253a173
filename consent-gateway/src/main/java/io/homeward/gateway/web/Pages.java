package io.homeward.gateway.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The web pages. Each is a frame in the reader's language and nothing more: it reads no case, no
 * account, no session. What a page shows comes from the REST API, which its script calls with the
 * session cookie and the CSRF header exactly as a program calls it with a token, so the pages are
 * no second door. Only opaque ids appear in a page's address.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class Pages {
  /**
   * A case id as the gateway makes them ({@code Ids.newId}): a letter, a dash, 26 base-32 digits.
   */
  private static final Pattern CASE_ID = Pattern.compile("c-[0-9a-v]{26}");

  /** The refusals the cluster sign-in sends the sign-in page back with (see {@link OidcMsg}). */
  private static final Set<String> OIDC_REFUSALS =
      Set.of(
          "state",
          "provider",
          "code",
          "token",
          "role",
          "roles",
          "organisation",
          "subject",
          "locked",
          "unavailable");

  private final HttpHeaders headers;
  private final SignInOptions signInOptions;

  public Pages(
      HttpHeaders headers,
      @ConfigProperty(name = "homeward.gateway.oidc.enabled", defaultValue = "false") boolean oidc,
      @ConfigProperty(name = "homeward.gateway.oidc.provider-name", defaultValue = "")
          String providerName,
      @ConfigProperty(name = "homeward.gateway.oidc.local-accounts", defaultValue = "true")
          boolean localAccounts) {
    this.headers = headers;
    this.signInOptions = new SignInOptions(oidc, providerName, !oidc || localAccounts, null);
  }

  /**
   * How the sign-in page offers to sign in.
   *
   * @param provider whether the organisation's identity provider is offered
   * @param providerName its name on the button
   * @param local whether the local accounts' form is shown
   * @param refusal the slug of the refusal the provider's sign-in came back with, or {@code null}
   */
  public record SignInOptions(
      boolean provider, String providerName, boolean local, String refusal) {}

  /** The type-safe templates under {@code templates/Pages/}. */
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance signin(Page page, SignInOptions options);

    static native TemplateInstance setup(Page page);

    static native TemplateInstance secondFactor(Page page);

    static native TemplateInstance password(Page page);

    static native TemplateInstance home(Page page);

    static native TemplateInstance users(Page page);

    static native TemplateInstance cases(Page page);

    static native TemplateInstance newCase(Page page);

    static native TemplateInstance caseDetail(Page page, String caseId);

    static native TemplateInstance reviews(Page page);

    static native TemplateInstance notFound(Page page);
  }

  /** What every page knows: its language. */
  public record Page(String lang) {}

  @GET
  @Operation(hidden = true)
  public Response root() {
    // The address ./homeward serve prints: sign-in, whose script turns to setup on a first start.
    return Response.seeOther(URI.create("/signin")).build();
  }

  @GET
  @Path("signin")
  @Operation(hidden = true)
  public String signin(
      @CookieParam(UiLocale.COOKIE) String lang, @QueryParam("oidc") String refusal) {
    SignInOptions options =
        new SignInOptions(
            signInOptions.provider(),
            signInOptions.providerName(),
            signInOptions.local(),
            signInOptions.provider() && OIDC_REFUSALS.contains(refusal) ? refusal : null);
    return render(Templates.signin(page(lang), options), lang);
  }

  @GET
  @Path("setup")
  @Operation(hidden = true)
  public String setup(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.setup(page(lang)), lang);
  }

  @GET
  @Path("account/second-factor")
  @Operation(hidden = true)
  public String secondFactor(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.secondFactor(page(lang)), lang);
  }

  @GET
  @Path("account/password")
  @Operation(hidden = true)
  public String password(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.password(page(lang)), lang);
  }

  @GET
  @Path("home")
  @Operation(hidden = true)
  public String home(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.home(page(lang)), lang);
  }

  @GET
  @Path("admin/users")
  @Operation(hidden = true)
  public String users(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.users(page(lang)), lang);
  }

  @GET
  @Path("cases")
  @Operation(hidden = true)
  public String cases(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.cases(page(lang)), lang);
  }

  @GET
  @Path("cases/new")
  @Operation(hidden = true)
  public String newCase(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.newCase(page(lang)), lang);
  }

  @GET
  @Path("reviews")
  @Operation(hidden = true)
  public String reviews(@CookieParam(UiLocale.COOKIE) String lang) {
    return render(Templates.reviews(page(lang)), lang);
  }

  @GET
  @Path("cases/{id}")
  @Operation(hidden = true)
  public Response caseDetail(
      @PathParam("id") String id, @CookieParam(UiLocale.COOKIE) String lang) {
    if (!CASE_ID.matcher(id).matches()) {
      return notFound(lang);
    }
    return Response.ok(render(Templates.caseDetail(page(lang), id), lang)).build();
  }

  private Response notFound(String lang) {
    return Response.status(404).entity(render(Templates.notFound(page(lang)), lang)).build();
  }

  private Page page(String cookie) {
    return new Page(locale(cookie).tag());
  }

  private UiLocale locale(String cookie) {
    return UiLocale.resolve(cookie, headers.getAcceptableLanguages());
  }

  /**
   * Renders a page in the reader's language (plain Qute: each page is a small, blocking render).
   */
  private String render(TemplateInstance t, String cookie) {
    return t.setLocale(locale(cookie).bundleLocale()).render();
  }
}
