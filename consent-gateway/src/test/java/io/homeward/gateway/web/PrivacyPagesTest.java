package io.homeward.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
 * The privacy flows' pages as the server renders them: in either language (every text the scripts
 * use translated), with the browser rules and no inline script or style. What they do in a browser
 * is {@code BrowserFlowsIT}'s.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class PrivacyPagesTest {
  private static final List<String> PAGES =
      List.of(
          "/one-time-search",
          "/posters/new",
          "/posters/a-0123456789abcdefghijklmnop",
          "/oversight/posters");
  private static final Pattern TEXT = Pattern.compile("data-k=\"([A-Za-z_]+)\">([^<]*)<");
  private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>");

  @Test
  void everyPageRendersInEitherLanguageWithTheBrowserRules() {
    for (String page : PAGES) {
      Response zh = given().header("Accept-Language", "zh-CN,zh;q=0.9").get(page);
      assertThat(zh.statusCode()).as(page).isEqualTo(200);
      assertThat(zh.header("Cache-Control")).as(page).isEqualTo("no-store");
      assertThat(zh.header("Content-Security-Policy")).as(page).contains("script-src 'self'");
      String html = zh.body().asString();
      assertThat(html).as(page).contains("<html lang=\"zh-CN\">", "跳到正文");
      assertThat(html).doesNotContainIgnoringCase("<style").doesNotContain(" style=");
      Matcher m = SCRIPT.matcher(html);
      while (m.find()) {
        assertThat(m.group(1)).as(page).matches("\\s*type=\"module\" src=\"/ui/[a-z-]+\\.js\"\\s*");
      }
      Response en = given().header("Accept-Language", "en-GB,en;q=0.8").get(page);
      assertThat(en.body().asString()).as(page).contains("<html lang=\"en\">", "Skip to content");
    }
    assertThat(given().header("Accept-Language", "zh-CN").get("/one-time-search").body().asString())
        .contains("<h1>使用陌生人照片的一次性检索</h1>");
  }

  @Test
  void everyTextTheScriptsUseIsTranslated() {
    for (String page : PAGES) {
      Map<String, String> zh = texts(given().header("Accept-Language", "zh-CN").get(page));
      Map<String, String> en = texts(given().header("Accept-Language", "en").get(page));
      assertThat(zh.keySet()).as(page).isNotEmpty().isEqualTo(en.keySet());
      for (String key : zh.keySet()) {
        assertThat(zh.get(key)).as(key).isNotBlank().isNotEqualTo(en.get(key));
      }
    }
    for (String module : List.of("prv", "one-time-search", "new-poster", "poster", "posters")) {
      Response r = given().get("/ui/" + module + ".js");
      assertThat(r.statusCode()).as(module).isEqualTo(200);
    }
  }

  private static Map<String, String> texts(Response page) {
    String html = page.body().asString();
    int start = html.indexOf("<div id=\"prv-texts\"");
    assertThat(start).isPositive();
    Matcher m = TEXT.matcher(html.substring(start, html.indexOf("</div>", start)));
    Map<String, String> texts = new LinkedHashMap<>();
    while (m.find()) {
      texts.put(m.group(1), m.group(2));
    }
    return texts;
  }
}
