package io.homeward.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The administrators' model page as the server renders it: in either language, every text its
 * script uses translated, the browser rules, one module script and no inline script or style, the
 * administrators' menu leading to it. What it does in a browser is {@code BrowserFlowsIT}'s.
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class ModelPagesTest {
  private static final Pattern TEXT = Pattern.compile("data-k=\"([A-Za-z_-]+)\">([^<]*)<");

  @Test
  void thePageRendersInEitherLanguageWithEveryTextTranslated() {
    Response zh = given().header("Accept-Language", "zh-CN,zh;q=0.9").get("/admin/models");
    assertThat(zh.statusCode()).isEqualTo(200);
    assertThat(zh.header("Cache-Control")).isEqualTo("no-store");
    assertThat(zh.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(zh.body().asString())
        .contains("<html lang=\"zh-CN\">", "<h1>人脸模型与向量空间</h1>", "href=\"/admin/models\"");
    Response en = given().header("Accept-Language", "en-GB,en;q=0.8").get("/admin/models");
    assertThat(en.body().asString())
        .contains("<html lang=\"en\">", "<h1>Face model and vector spaces</h1>");
    Map<String, String> zhTexts = texts(zh);
    Map<String, String> enTexts = texts(en);
    assertThat(zhTexts.keySet()).hasSizeGreaterThan(15).isEqualTo(enTexts.keySet());
    for (String key : zhTexts.keySet()) {
      assertThat(zhTexts.get(key)).as(key).isNotBlank().isNotEqualTo(enTexts.get(key));
    }
  }

  @Test
  void thePageHoldsNoInlineScriptOrStyleAndItsScriptIsServed() {
    String html = given().get("/admin/models").body().asString();
    Matcher m = Pattern.compile("<script\\b([^>]*)>").matcher(html);
    int scripts = 0;
    while (m.find()) {
      scripts++;
      assertThat(m.group(1)).isEqualTo(" type=\"module\" src=\"/ui/models.js\"");
    }
    assertThat(scripts).isEqualTo(1);
    assertThat(html).doesNotContain("<style").doesNotContain(" style=");
    Response js = given().get("/ui/models.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.contentType()).contains("javascript");
  }

  private static Map<String, String> texts(Response page) {
    String html = page.body().asString();
    int start = html.indexOf("<div id=\"mdl-texts\"");
    assertThat(start).isPositive();
    Matcher m = TEXT.matcher(html.substring(start, html.indexOf("</div>", start)));
    Map<String, String> texts = new LinkedHashMap<>();
    while (m.find()) {
      texts.put(m.group(1), m.group(2));
    }
    return texts;
  }
}
