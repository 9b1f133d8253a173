package io.homeward.gateway.audit;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-subject AES-256-GCM keysets in {@code audit_subject_keys}, each encrypted with the master
 * AEAD and bound (associated data) to its key reference and subject id, so rows cannot be swapped.
 * Nothing is cached: once a row is deleted no node can open that subject's fields again.
 */
final class SubjectKeys {
  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A subject's key: its reference (stored in records) and its AEAD. */
  record SubjectKey(String ref, Aead aead) {
    @Override
    public String toString() {
      return "SubjectKey[ref=" + ref + "]";
    }
  }

  private final Aead master;
  private final Clock clock;

  SubjectKeys(Aead master, Clock clock) {
    this.master = master;
    this.clock = clock;
  }

  /**
   * The subject's key, created in {@code tx} when there is none. Callers hold the audit head lock,
   * which serialises creation.
   */
  SubjectKey getOrCreate(Connection tx, String subjectId)
      throws SQLException, GeneralSecurityException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select key_ref, keyset_sealed from audit_subject_keys where subject_id = ?")) {
      ps.setString(1, subjectId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          String ref = rs.getString(1);
          return new SubjectKey(ref, open(ref, subjectId, rs.getBytes(2)));
        }
      }
    }
    String ref = UUID.randomUUID().toString();
    KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    byte[] sealed =
        TinkProtoKeysetFormat.serializeEncryptedKeyset(
            keyset, master, associatedData(ref, subjectId));
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into audit_subject_keys (key_ref, subject_id, keyset_sealed, created_at)"
                + " values (?, ?, ?, ?)")) {
      ps.setString(1, ref);
      ps.setString(2, subjectId);
      ps.setBytes(3, sealed);
      ps.setObject(4, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
      ps.executeUpdate();
    }
    return new SubjectKey(ref, keyset.getPrimitive(RegistryConfiguration.get(), Aead.class));
  }

  /** The key a record names, or empty when it was erased. */
  Optional<Aead> find(Connection c, String ref) throws SQLException, GeneralSecurityException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select subject_id, keyset_sealed from audit_subject_keys where key_ref = ?")) {
      ps.setString(1, ref);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(open(ref, rs.getString(1), rs.getBytes(2)));
      }
    }
  }

  /** Deletes the subject's key (erasure); returns whether there was one. */
  static boolean erase(Connection tx, String subjectId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("delete from audit_subject_keys where subject_id = ?")) {
      ps.setString(1, subjectId);
      return ps.executeUpdate() > 0;
    }
  }

  private Aead open(String ref, String subjectId, byte[] sealed) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.parseEncryptedKeyset(
            sealed, master, associatedData(ref, subjectId))
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  private static byte[] associatedData(String ref, String subjectId) {
    return ("homeward-audit-subject-key\n" + ref + "\n" + subjectId)
        .getBytes(StandardCharsets.UTF_8);
  }
}
