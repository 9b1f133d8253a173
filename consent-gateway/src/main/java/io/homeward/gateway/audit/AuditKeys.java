package io.homeward.gateway.audit;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The audit log's keys, read from files kept apart from the database: the master AEAD keyset that
 * seals subject keysets (Tink JSON, cleartext: acceptable on one machine; a cluster mounts it from
 * a secret, and a KMS-wrapped keyset is the path for stronger custody), the Ed25519 checkpoint key
 * pair (PKCS#8 and X.509, PEM or DER) and the chain key that keys every record's hash.
 *
 * @param master seals and opens subject keysets
 * @param signer signs checkpoints
 * @param trusted the public keys accepted on checkpoints: the signer's and any retired ones
 * @param chainKey keys the record hashes (HMAC-SHA256)
 */
public record AuditKeys(
    Aead master, CheckpointSigner signer, CheckpointKeys trusted, ChainKey chainKey) {
  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public String toString() {
    return "AuditKeys[signer=" + signer.keyId() + ", trusted=" + trusted.size() + "]";
  }

  /**
   * Reads the keys; where the files are all missing and {@code generate} is set, first creates them
   * (owner-only permissions, the folder too). Never overwrites a file, and never generates while
   * the database holds data sealed or signed with earlier keys: the old key files must be restored.
   * The chain key is generated on its own when it alone is missing and the database holds no keyed
   * record yet (an upgrade from the unkeyed chain), see {@link ChainKey#loadOrGenerate}.
   *
   * @param retiredPublicKeys earlier checkpoint public keys still accepted
   * @throws IllegalStateException when a key is missing, unreadable or mismatched (the message says
   *     which file and what to do)
   */
  public static AuditKeys loadOrGenerate(
      Path masterKeyset,
      Path signingKey,
      Path signingPublicKey,
      Path chainKeyFile,
      List<Path> retiredPublicKeys,
      boolean generate,
      boolean databaseHoldsKeyedData,
      boolean databaseHoldsKeyedRecords) {
    List<Path> missing = new ArrayList<>();
    for (Path p : List.of(masterKeyset, signingKey, signingPublicKey)) {
      if (!Files.exists(p)) {
        missing.add(p);
      }
    }
    if (!missing.isEmpty()) {
      if (!generate) {
        throw new IllegalStateException(
            "audit key file(s) missing: "
                + missing
                + " (homeward.gateway.audit.generate-keys is false: mount them from the secret)");
      }
      if (databaseHoldsKeyedData) {
        throw new IllegalStateException(
            "audit key file(s) missing: "
                + missing
                + ", but the database already holds audit data sealed or signed with them:"
                + " restore the key files instead of generating new ones");
      }
      if (missing.size() != 3) {
        throw new IllegalStateException(
            "audit key file(s) missing: "
                + missing
                + " while others exist: restore them rather than generating a partial set");
      }
      generate(masterKeyset, signingKey, signingPublicKey);
    }
    ChainKey chainKey = ChainKey.loadOrGenerate(chainKeyFile, generate, databaseHoldsKeyedRecords);
    try {
      Aead master =
          TinkJsonProtoKeysetFormat.parseKeyset(
                  Files.readString(masterKeyset), InsecureSecretKeyAccess.get())
              .getPrimitive(RegistryConfiguration.get(), Aead.class);
      var signer =
          new CheckpointSigner(readPrivateKey(signingKey), readPublicKey(signingPublicKey));
      List<PublicKey> trusted = new ArrayList<>();
      trusted.add(signer.publicKey());
      for (Path p : retiredPublicKeys) {
        trusted.add(readPublicKey(p));
      }
      return new AuditKeys(master, signer, CheckpointKeys.of(trusted), chainKey);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "audit keys cannot be read from "
              + masterKeyset
              + ", "
              + signingKey
              + ", "
              + signingPublicKey
              + ": "
              + e.getClass().getSimpleName(),
          e);
    }
  }

  /** Reads an Ed25519 public key (X.509, PEM {@code PUBLIC KEY} or DER). */
  public static PublicKey readPublicKey(Path file) throws IOException, GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new X509EncodedKeySpec(pemOrDer(Files.readAllBytes(file))));
  }

  static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519")
        .generatePrivate(new PKCS8EncodedKeySpec(pemOrDer(Files.readAllBytes(file))));
  }

  private static void generate(Path masterKeyset, Path signingKey, Path signingPublicKey) {
    try {
      KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      String json =
          TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      writeOwnerOnly(masterKeyset, json.getBytes(StandardCharsets.UTF_8));
      writeOwnerOnly(signingKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      writeOwnerOnly(signingPublicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "audit keys cannot be generated into " + masterKeyset.getParent(), e);
    }
  }

  private static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
    ChainKey.writeOwnerOnly(file, bytes);
  }

  private static byte[] pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] pemOrDer(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (!text.startsWith("-----BEGIN")) {
      return bytes;
    }
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\\R")) {
      if (!line.startsWith("-----")) {
        body.append(line.strip());
      }
    }
    return Base64.getDecoder().decode(body.toString());
  }
}
