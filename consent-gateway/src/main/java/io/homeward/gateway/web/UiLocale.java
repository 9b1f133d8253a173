package io.homeward.gateway.web;

import java.util.List;
import java.util.Locale;

/**
 * The two languages of the pages. Before sign-in the browser's {@code Accept-Language} decides;
 * after it, the account's choice (stored through {@code PUT /api/v1/session/locale}) travels in the
 * {@code homeward_locale} cookie, which holds nothing but the tag.
 */
public enum UiLocale {
  ZH_CN("zh-CN", Locale.forLanguageTag("zh")),
  EN("en", Locale.ENGLISH);

  /** The cookie the pages' script sets when a user picks a language (a language tag only). */
  public static final String COOKIE = "homeward_locale";

  private final String tag;
  private final Locale bundleLocale;

  UiLocale(String tag, Locale bundleLocale) {
    this.tag = tag;
    this.bundleLocale = bundleLocale;
  }

  /** The language tag pages carry in {@code <html lang>} and the API stores. */
  public String tag() {
    return tag;
  }

  /** The locale of the message bundle file that holds this language. */
  public Locale bundleLocale() {
    return bundleLocale;
  }

  /**
   * The cookie's choice when it names one of the two, else the first of the browser's languages (in
   * its order of preference) that is Chinese or English, else Chinese: most of the families and
   * volunteers this serves read Chinese.
   */
  public static UiLocale resolve(String cookie, List<Locale> acceptable) {
    for (UiLocale l : values()) {
      if (l.tag.equalsIgnoreCase(cookie)) {
        return l;
      }
    }
    for (Locale a : acceptable) {
      if ("zh".equals(a.getLanguage())) {
        return ZH_CN;
      }
      if ("en".equals(a.getLanguage())) {
        return EN;
      }
    }
    return ZH_CN;
  }
}
