package io.homeward.gateway.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The policy files as text: the schema, the {@code *.cedar} files in load order, and the version.
 * The version is the {@code VERSION} file's content plus a digest of every file, so that a policy
 * edited without a version bump still shows in the audit record.
 *
 * @param schemaText the Cedar schema ({@value #SCHEMA})
 * @param policies file name to policy text, in load order
 * @param version {@code <VERSION>+sha256:<first 16 hex digits>}
 */
record PolicyFiles(String schemaText, Map<String, String> policies, String version) {
  static final String SCHEMA = "homeward.cedarschema";
  static final String VERSION = "VERSION";
  static final String INDEX = "INDEX";
  static final String CLASSPATH_DIR = "policy/";

  PolicyFiles {
    policies = Collections.unmodifiableMap(new LinkedHashMap<>(policies));
  }

  /** Reads {@code policy/} from the classpath; {@code policy/INDEX} names the policy files. */
  static PolicyFiles fromClasspath() {
    String index = classpathText(INDEX);
    Map<String, String> policies = new LinkedHashMap<>();
    for (String line : index.split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      policies.put(name, classpathText(name));
    }
    return of(classpathText(SCHEMA), policies, classpathText(VERSION));
  }

  /**
   * Reads a directory holding {@value #SCHEMA}, any number of {@code *.cedar} files (loaded in name
   * order) and optionally {@value #VERSION}.
   */
  static PolicyFiles fromDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new PolicyLoadException("policy directory " + dir + " does not exist");
    }
    try {
      Path schema = dir.resolve(SCHEMA);
      if (!Files.isRegularFile(schema)) {
        throw new PolicyLoadException("policy directory " + dir + " has no " + SCHEMA);
      }
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files =
            list.filter(p -> p.getFileName().toString().endsWith(".cedar"))
                .filter(Files::isRegularFile)
                .sorted()
                .toList();
      }
      Map<String, String> policies = new LinkedHashMap<>();
      for (Path file : files) {
        policies.put(file.getFileName().toString(), Files.readString(file));
      }
      Path version = dir.resolve(VERSION);
      String declared = Files.isRegularFile(version) ? Files.readString(version) : "unversioned";
      return of(Files.readString(schema), policies, declared);
    } catch (IOException e) {
      throw new PolicyLoadException("cannot read policy directory " + dir, e);
    }
  }

  static PolicyFiles of(String schemaText, Map<String, String> policies, String declaredVersion) {
    if (policies.isEmpty()) {
      throw new PolicyLoadException("no policy files (*.cedar) found");
    }
    String declared = declaredVersion.strip();
    if (declared.isEmpty() || declared.chars().anyMatch(Character::isWhitespace)) {
      throw new PolicyLoadException("the policy VERSION must be one non-empty word");
    }
    return new PolicyFiles(
        schemaText, policies, declared + "+sha256:" + digest(schemaText, policies));
  }

  private static String digest(String schemaText, Map<String, String> policies) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      List<String> parts = new ArrayList<>(List.of(SCHEMA, schemaText));
      policies.forEach(
          (name, text) -> {
            parts.add(name);
            parts.add(text);
          });
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static String classpathText(String name) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = PolicyFiles.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(CLASSPATH_DIR + name)) {
      if (in == null) {
        throw new PolicyLoadException(
            "policy file " + CLASSPATH_DIR + name + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PolicyLoadException("cannot read " + CLASSPATH_DIR + name, e);
    }
  }
}
