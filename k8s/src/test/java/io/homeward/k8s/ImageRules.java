package io.homeward.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every service image must be and must not hold, as violations (empty: none). Checked on the
 * built images by {@link ContainerImagesTest}, and shown to catch each breakage by {@link
 * ImageRulesCatchBreakageTest}.
 */
final class ImageRules {
  static final String LAUNCHER = "/opt/java/bin/java";
  static final String FAST_JAR = "/app/quarkus-run.jar";

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(secret|passw|token|api[_-]?key|private[_-]?key|credential).*");
  private static final Pattern SECRET_VALUE =
      Pattern.compile("(?s).*(-----BEGIN|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{10,}\\.).*");
  private static final Pattern KEY_FILE =
      Pattern.compile(
          "(?i).*\\.(pem|key|p12|pfx|jks|keystore|crt)$|.*/(id_rsa|id_ed25519|\\.env)$");
  private static final Pattern SHELL_OR_TOOLS =
      Pattern.compile("/(usr/)?s?bin/.*|.*/busybox|/var/lib/(dpkg|apt)(/.*)?");
  private static final Pattern DESKTOP = Pattern.compile(".*/lib(X11|gtk|gdk|xcb|asound)[-.].*");

  private ImageRules() {}

  static List<String> violations(ContainerImages.Image image) {
    List<String> found = new ArrayList<>();
    JsonNode config = image.config().path("config");

    String user = config.path("User").asText("");
    if (!user.matches("[1-9][0-9]*:[1-9][0-9]*")) {
      found.add("user must be a numeric non-root uid:gid, is '" + user + "'");
    }
    List<String> entrypoint = new ArrayList<>();
    config.path("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
    if (entrypoint.isEmpty()
        || !entrypoint.get(0).equals(LAUNCHER)
        || entrypoint.size() < 3
        || !entrypoint
            .subList(entrypoint.size() - 2, entrypoint.size())
            .equals(List.of("-jar", FAST_JAR))) {
      found.add("entrypoint must be " + LAUNCHER + " ... -jar " + FAST_JAR + ", is " + entrypoint);
    }
    if (!(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull())) {
      found.add("no Cmd: the entrypoint is the whole command");
    }
    ContainerImages.Entry launcher = image.files().get(LAUNCHER);
    if (launcher == null || (launcher.mode() & 0111) != 0111) {
      found.add(LAUNCHER + " must exist and be executable");
    }
    if (!image.files().containsKey(FAST_JAR)) {
      found.add(FAST_JAR + " is missing");
    }
    if (!image.files().containsKey("/lib64/ld-linux-x86-64.so.2")) {
      found.add("the dynamic loader is missing");
    }

    for (ContainerImages.Entry e : image.files().values()) {
      String path = e.path();
      if (SHELL_OR_TOOLS.matcher(path).matches()) {
        found.add("a shell, tool or package database: " + path);
      }
      if (DESKTOP.matcher(path).matches()) {
        found.add("an X11, GTK or sound library in a headless image: " + path);
      }
      if ((e.mode() & 06000) != 0) {
        found.add("setuid or setgid: " + path);
      }
      if (e.uid() != 0) {
        found.add("not owned by root, so its user could change it: " + path);
      }
      if ((e.mode() & 0002) != 0 && !path.equals("/tmp")) {
        found.add("writable by anyone: " + path);
      }
      if (e.link()) {
        found.add("a link: " + path + " -> " + e.linkTarget());
      }
      if (KEY_FILE.matcher(path).matches()
          || path.startsWith("/etc/homeward")
          || path.startsWith("/var/lib/homeward")) {
        found.add("a key, certificate or credential file: " + path);
      }
    }

    config
        .path("Env")
        .forEach(
            e -> {
              String[] kv = e.asText().split("=", 2);
              secret(found, "environment variable " + kv[0], kv[0], kv.length > 1 ? kv[1] : "");
            });
    config
        .path("Labels")
        .fields()
        .forEachRemaining(
            l -> secret(found, "label " + l.getKey(), l.getKey(), l.getValue().asText()));
    image
        .config()
        .path("history")
        .forEach(h -> secret(found, "history entry", h.path("comment").asText(), h.toString()));
    return found;
  }

  private static void secret(List<String> found, String what, String name, String value) {
    if (SECRET_NAME.matcher(name).matches()) {
      found.add(what + " is named like a secret");
    }
    if (SECRET_VALUE.matcher(value).matches()) {
      found.add(what + " holds what looks like a key or token");
    }
  }
}
