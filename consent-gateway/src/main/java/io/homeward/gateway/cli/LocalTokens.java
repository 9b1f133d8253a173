package io.homeward.gateway.cli;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The one-machine mode's token issuer: an RSA key pair kept in the gateway's key folder, and tokens
 * signed with it. A cluster uses its OIDC provider instead (the gateway then verifies that
 * provider's keys), so this is never the only way in.
 */
public final class LocalTokens {
  /** Issuer of locally signed tokens. */
  public static final String ISSUER = "https://homeward.local";

  /** Audience the gateway requires. */
  public static final String AUDIENCE = "homeward-gateway";

  private LocalTokens() {}

  /** Creates the key pair if it is missing; returns the private key. */
  public static PrivateKey ensureKeys(Path dir) {
    Path priv = dir.resolve("jwt-signing.pem");
    Path pub = dir.resolve("jwt-verify.pem");
    try {
      if (!Files.exists(priv) || !Files.exists(pub)) {
        Files.createDirectories(dir);
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        write(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        write(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      }
      String body =
          Files.readString(priv).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (IOException e) {
      throw new UncheckedIOException("the local signing key cannot be read or written", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the local signing key is not an RSA key", e);
    }
  }

  /** Signs a token for a local user. */
  public static String mint(
      PrivateKey key, String subject, String organisation, Set<String> roles, Duration lifetime) {
    return Jwt.issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(subject)
        .groups(roles)
        .claim("org", organisation)
        .claim("amr", List.of("local-key"))
        .expiresIn(lifetime)
        .sign(key);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void write(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // Not POSIX: the folder's protection applies.
    }
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
