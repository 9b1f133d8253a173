package io.homeward.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The oversight and administration pages as the server renders them: in either language (every text
 * the scripts use translated), with the browser rules, no inline script or style, the printable
 * report's print rules in the stylesheet. What they do in a browser is {@code BrowserFlowsIT}'s.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class OversightPagesTest {
  private static final List<String> PAGES =
      List.of(
          "/oversight/audit",
          "/oversight/alerts",
          "/oversight/erasures",
          "/oversight/report",
          "/admin/configuration");
  private static final Pattern TEXT = Pattern.compile("data-k=\"([A-Za-z_]+)\">([^<]*)<");

  @Test
  void everyPageRendersInEitherLanguageWithTheBrowserRules() {
    for (String page : PAGES) {
      Response zh = given().header("Accept-Language", "zh-CN,zh;q=0.9").get(page);
      assertThat(zh.statusCode()).as(page).isEqualTo(200);
      assertThat(zh.header("Cache-Control")).as(page).isEqualTo("no-store");
      assertThat(zh.header("Content-Security-Policy")).as(page).contains("script-src 'self'");
      assertThat(zh.header("Referrer-Policy")).as(page).isEqualTo("no-referrer");
      assertThat(zh.body().asString()).as(page).contains("<html lang=\"zh-CN\">", "跳到正文");
      Response en = given().header("Accept-Language", "en-GB,en;q=0.8").get(page);
      assertThat(en.body().asString()).as(page).contains("<html lang=\"en\">", "Skip to content");
    }
    assertThat(given().header("Accept-Language", "zh-CN").get("/oversight/audit").body().asString())
        .contains("<h1>审计记录</h1>");
    assertThat(given().header("Accept-Language", "en").get("/oversight/audit").body().asString())
        .contains("<h1>Audit records</h1>");
  }

  @Test
  void theAuditFilterOffersEveryAction() {
    String html = given().get("/oversight/audit").body().asString();
    for (AuditAction action : AuditAction.values()) {
      assertThat(html).contains("<option value=\"" + action.name() + "\">");
    }
  }

  @Test
  void everyTextTheScriptsUseIsTranslated() {
    Map<String, String> zh =
        texts(given().header("Accept-Language", "zh-CN").get("/oversight/audit"));
    Map<String, String> en = texts(given().header("Accept-Language", "en").get("/oversight/audit"));
    assertThat(zh.keySet()).hasSizeGreaterThan(30).isEqualTo(en.keySet());
    // A Chinese text for each key (a missing translation would fall back to the English one).
    for (String key : zh.keySet()) {
      assertThat(zh.get(key)).as(key).isNotBlank().isNotEqualTo(en.get(key));
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
  void theScriptsAreServedAndTheReportHasPrintRules() {
    for (String module : List.of("ovs", "audit", "alerts", "erasures", "report", "configuration")) {
      Response r = given().get("/ui/" + module + ".js");
      assertThat(r.statusCode()).as(module).isEqualTo(200);
      assertThat(r.contentType()).as(module).contains("javascript");
    }
    assertThat(given().get("/ui/app.css").body().asString()).contains("@media print");
  }

  private static Map<String, String> texts(Response page) {
    String html = page.body().asString();
    int start = html.indexOf("<div id=\"ovs-texts\"");
    assertThat(start).isPositive();
    Matcher m = TEXT.matcher(html.substring(start, html.indexOf("</div>", start)));
    Map<String, String> texts = new LinkedHashMap<>();
    while (m.find()) {
      texts.put(m.group(1), m.group(2));
    }
    return texts;
  }
}
