package io.homeward.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web pages as the server renders them: in the reader's language, with the browser rules on
 * every answer, no inline script or style, nothing but opaque ids in addresses. What the pages do
 * in a browser is {@code BrowserFlowsIT}'s.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class PagesTest {
  private static final List<String> PAGES =
      List.of(
          "/signin",
          "/setup",
          "/account/second-factor",
          "/account/password",
          "/home",
          "/admin/users",
          "/cases",
          "/cases/new",
          "/reviews",
          "/cases/c-0123456789abcdefghijklmnop");

  @Test
  void theRootLeadsToSignIn() {
    Response r = given().redirects().follow(false).get("/");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.header("Location")).endsWith("/signin");
  }

  @Test
  void everyPageRendersInEitherLanguage() {
    for (String page : PAGES) {
      Response zh = given().header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5").get(page);
      assertThat(zh.statusCode()).as(page).isEqualTo(200);
      assertThat(zh.contentType()).startsWith("text/html");
      assertThat(zh.body().asString()).as(page).contains("<html lang=\"zh-CN\">", "跳到正文");
      Response en = given().header("Accept-Language", "en-GB,en;q=0.8").get(page);
      assertThat(en.body().asString()).as(page).contains("<html lang=\"en\">", "Skip to content");
    }
  }

  @Test
  void theChosenLanguageBeatsTheBrowsers() {
    String en =
        given()
            .header("Accept-Language", "zh-CN")
            .cookie("homeward_locale", "en")
            .get("/signin")
            .body()
            .asString();
    assertThat(en).contains("<html lang=\"en\">", "Sign in").doesNotContain("登录");
    String zh =
        given()
            .header("Accept-Language", "en")
            .cookie("homeward_locale", "zh-CN")
            .get("/signin")
            .body()
            .asString();
    assertThat(zh).contains("<html lang=\"zh-CN\">", "登录");
    // An unknown value in the cookie is ignored; with no usable language either, Chinese.
    String neither =
        given()
            .header("Accept-Language", "fr")
            .cookie("homeward_locale", "xx")
            .get("/signin")
            .body()
            .asString();
    assertThat(neither).contains("<html lang=\"zh-CN\">");
  }

  @Test
  void everyTextTheScriptsUseIsOnEveryPageInBothLanguages() {
    String zh = given().header("Accept-Language", "zh-CN").get("/cases").body().asString();
    String en = given().header("Accept-Language", "en").get("/cases").body().asString();
    List<String> zhKeys = keys(zh);
    assertThat(zhKeys).hasSizeGreaterThan(50).isEqualTo(keys(en));
    // A Chinese text for each key (a missing translation would fall back to the English one).
    assertThat(zh).contains("data-k=\"problem_bad_credentials\">用户名或密码错误。<");
    assertThat(en).contains("data-k=\"problem_bad_credentials\">Wrong user name or password.<");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/signin",
        "/cases/new",
        "/ui/app.css",
        "/ui/api.js",
        "/ui/case.js",
        "/api/v1/cases/c-0123456789abcdefghijklmnop",
        "/no-such-page"
      })
  void everyAnswerCarriesTheBrowserRules(String path) {
    Response r = given().redirects().follow(false).get(path);
    assertThat(r.header("Content-Security-Policy"))
        .as(path)
        .isEqualTo(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
                + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    assertThat(r.header("Cache-Control")).as(path).isEqualTo("no-store");
    assertThat(r.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
    assertThat(r.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
  }

  @Test
  void scriptsAndStylesAreServedWithTheirTypes() {
    assertThat(given().get("/ui/app.css").contentType()).startsWith("text/css");
    for (String module :
        List.of(
            "api",
            "i18n",
            "shell",
            "signin",
            "setup",
            "second-factor",
            "password",
            "home",
            "users",
            "cases",
            "new-case",
            "case",
            "reviews")) {
      Response r = given().get("/ui/" + module + ".js");
      assertThat(r.statusCode()).as(module).isEqualTo(200);
      assertThat(r.contentType()).as(module).contains("javascript");
    }
  }

  @Test
  void noPageHoldsInlineScriptOrStyle() {
    Pattern script = Pattern.compile("<script\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    for (String page : PAGES) {
      String html = given().get(page).body().asString();
      Matcher m = script.matcher(html);
      int scripts = 0;
      while (m.find()) {
        scripts++;
        assertThat(m.group(1)).as(page).matches("\\s*type=\"module\" src=\"/ui/[a-z-]+\\.js\"\\s*");
      }
      assertThat(scripts).as(page).isEqualTo(1);
      assertThat(html)
          .as(page)
          .doesNotContainIgnoringCase("<style")
          .doesNotContain(" style=")
          .doesNotContainPattern(" on[a-z]+=");
    }
  }

  @Test
  void aCaseAddressThatIsNoCaseIdIsNotFound() {
    Response r = given().header("Accept-Language", "en").get("/cases/../../etc");
    assertThat(r.statusCode()).isEqualTo(404);
    Response odd = given().header("Accept-Language", "en").get("/cases/C-<script>");
    assertThat(odd.statusCode()).isEqualTo(404);
    assertThat(odd.body().asString()).contains("Not found").doesNotContain("<script>");
  }

  @Test
  void pagesAnswerInParallel() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        String lang = i % 2 == 0 ? "zh-CN" : "en";
        String page = PAGES.get(i % PAGES.size());
        answers.add(
            pool.submit(
                () -> {
                  String html = given().header("Accept-Language", lang).get(page).body().asString();
                  return html.contains("<html lang=\"" + lang + "\">") ? 200 : 500;
                }));
      }
      for (Future<Integer> a : answers) {
        assertThat(a.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> keys(String html) {
    Matcher m = Pattern.compile("data-k=\"([A-Za-z_]+)\"").matcher(html);
    List<String> keys = new ArrayList<>();
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }
}
