package io.homeward.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import io.homeward.gateway.cli.ResealImagesCommand;
import io.homeward.gateway.cli.RotateFieldKeyCommand;
import io.homeward.gateway.cli.RotateProbeKeyCommand;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.Databases;
import io.homeward.gateway.images.EncryptedDirectoryImageStore;
import io.homeward.gateway.images.ImageKeys;
import io.homeward.gateway.images.ImageStoreException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The offline rotation commands on a real (H2) gateway schema and a real image directory: new
 * primary, re-seal with progress, resume after a crash, older keys retired only with the flag.
 */
class KeyRotationTest {
  private static final int ROWS = 7;

  @TempDir Path dir;
  Path keys;
  String url;
  Database db;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  @BeforeEach
  void open() throws Exception {
    keys = dir.resolve("keys");
    db = openDatabase();
  }

  @AfterEach
  void close() throws Exception {
    closeDatabase();
  }

  /** The gateway's schema, migrated; sets {@link #url}. */
  Database openDatabase() throws Exception {
    url =
        "jdbc:h2:mem:rotation-"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";NON_KEYWORDS=DAY;DB_CLOSE_DELAY=-1";
    return Databases.open(url, "", "", 2);
  }

  void closeDatabase() throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("shutdown");
    }
    ((AutoCloseable) db.dataSource()).close();
  }

  /** How the command reaches the same database. */
  String[] dbArgs() {
    return new String[] {"--db-url", url};
  }

  private String[] fieldArgs(String... more) {
    List<String> all = new ArrayList<>(List.of(dbArgs()));
    all.addAll(List.of("--keys", keys.toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void aLegacyFieldKeyIsImportedRotatedAndRetiredOnlyWithTheFlag() throws Exception {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    Files.createDirectories(keys);
    Files.write(keys.resolve(FieldSealer.LEGACY_FILE), raw);
    FieldSealer legacy = legacySealer(raw);
    Map<String, String> plain = insertRows(legacy);
    byte[] backup = location("s-0");

    assertThat(run(new RotateFieldKeyCommand(), fieldArgs())).isEqualTo(0);
    assertThat(out.toString())
        .contains("new primary key added")
        .contains("subjects.location_sealed: " + ROWS + "/" + ROWS + " (" + ROWS + " re-sealed")
        .contains("consents.justification_sealed: " + ROWS + "/" + ROWS)
        .contains("--finish");
    KeysetHandle rotated = Keysets.read(keys.resolve(FieldSealer.KEYSET_FILE));
    assertThat(rotated.size()).isEqualTo(2);
    FieldSealer primaryOnly = new FieldSealer(Keysets.aead(Keysets.retireAllButPrimary(rotated)));
    assertOpens(primaryOnly, plain);
    // The old key still opens older copies until --finish.
    assertThat(FieldSealer.open(keys, false).openPlaintext("subjects.location", backup))
        .isEqualTo(plain.get("s-0"));

    out.getBuffer().setLength(0);
    assertThat(run(new RotateFieldKeyCommand(), fieldArgs("--finish"))).isEqualTo(0);
    assertThat(out.toString()).contains("continuing").contains("(0 re-sealed").contains("removed");
    assertThat(Keysets.read(keys.resolve(FieldSealer.KEYSET_FILE)).size()).isEqualTo(1);
    assertThat(keys.resolve(FieldSealer.LEGACY_FILE)).doesNotExist();
    FieldSealer after = FieldSealer.open(keys, false);
    assertOpens(after, plain);
    assertThatThrownBy(() -> after.openPlaintext("subjects.location", backup))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRotationInterruptedHalfWayIsContinuedByTheNextRun() throws Exception {
    FieldSealer first = FieldSealer.open(keys, true);
    Map<String, String> plain = insertRows(first);
    // The state a crash leaves: the new primary written, some rows re-sealed, the rest not.
    Path file = keys.resolve(FieldSealer.KEYSET_FILE);
    KeysetHandle rotated = Keysets.addPrimary(Keysets.read(file));
    Keysets.write(file, rotated);
    FieldSealer during = new FieldSealer(Keysets.aead(rotated));
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement u =
            c.prepareStatement("update subjects set location_sealed = ? where id = ?")) {
      for (int i = 0; i < 3; i++) {
        u.setBytes(1, during.seal("subjects.location", plain.get("s-" + i)));
        u.setString(2, "s-" + i);
        u.executeUpdate();
      }
    }

    assertThat(run(new RotateFieldKeyCommand(), fieldArgs())).isEqualTo(0);
    assertThat(out.toString())
        .contains("continuing")
        .contains(
            "subjects.location_sealed: " + ROWS + "/" + ROWS + " (" + (ROWS - 3) + " re-sealed")
        .contains(
            "consents.justification_sealed: " + ROWS + "/" + ROWS + " (" + ROWS + " re-sealed");
    assertThat(Keysets.read(file).size()).isEqualTo(2);
    assertOpens(new FieldSealer(Keysets.aead(Keysets.retireAllButPrimary(rotated))), plain);
  }

  @Test
  void aValueNoKeyOpensStopsTheRetirement() throws Exception {
    FieldSealer sealer = FieldSealer.open(keys, true);
    insertRows(sealer);
    FieldSealer stranger = new FieldSealer(Keysets.aead(Keysets.generate()));
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement u =
            c.prepareStatement("update subjects set location_sealed = ? where id = 's-1'")) {
      u.setBytes(1, stranger.seal("subjects.location", "elsewhere"));
      u.executeUpdate();
    }
    assertThat(run(new RotateFieldKeyCommand(), fieldArgs("--finish"))).isEqualTo(1);
    assertThat(err.toString()).contains("1 sealed value(s) open with no key");
    assertThat(Keysets.read(keys.resolve(FieldSealer.KEYSET_FILE)).size()).isEqualTo(2);
  }

  @Test
  void imagesAreReEncryptedResumablyAndTheOldKeyRetiredWithTheFlag() throws Exception {
    Path keyset = keys.resolve("images.json");
    Path images = dir.resolve("images");
    EncryptedDirectoryImageStore before =
        EncryptedDirectoryImageStore.open(images, ImageKeys.open(keyset, true, images), 1 << 20);
    List<String> refs = new ArrayList<>();
    Map<String, byte[]> content = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      byte[] image = new byte[1000 + i];
      new SecureRandom().nextBytes(image);
      String ref = before.put(image);
      refs.add(ref);
      content.put(ref, image);
    }
    Path oldFile = images.resolve(refs.get(0).substring(0, 2)).resolve(refs.get(0) + ".sealed");
    byte[] backup = Files.readAllBytes(oldFile);

    String[] args = {"--keyset", keyset.toString(), "--images", images.toString()};
    assertThat(run(new ResealImagesCommand(), args)).isEqualTo(0);
    assertThat(out.toString()).contains("images: 5/5 (5 re-encrypted, 0 failed)");
    assertThat(Keysets.read(keyset).size()).isEqualTo(2);
    out.getBuffer().setLength(0);
    assertThat(run(new ResealImagesCommand(), args)).isEqualTo(0);
    assertThat(out.toString()).contains("continuing").contains("images: 5/5 (0 re-encrypted");

    out.getBuffer().setLength(0);
    String[] finish = {"--keyset", keyset.toString(), "--images", images.toString(), "--finish"};
    assertThat(run(new ResealImagesCommand(), finish)).isEqualTo(0);
    assertThat(out.toString()).contains("older keys removed");
    assertThat(Keysets.read(keyset).size()).isEqualTo(1);
    EncryptedDirectoryImageStore after =
        EncryptedDirectoryImageStore.open(images, ImageKeys.open(keyset, false, images), 1 << 20);
    for (String ref : refs) {
      assertThat(after.readPlaintext(ref)).isEqualTo(content.get(ref));
    }
    // A backup copy of a file sealed with the retired key no longer opens.
    Files.write(oldFile, backup);
    assertThatThrownBy(() -> after.readPlaintext(refs.get(0)))
        .isInstanceOf(ImageStoreException.class);
  }

  @Test
  void theProbeKeyRotatesKeepsTheOldOneApartAndRemovesItOnlyWithTheFlag() throws Exception {
    byte[] old = KeyFiles.readOrCreate(keys.resolve(ProbeKeys.FILE), 32, true);
    byte[] photo = "the same probe bytes".getBytes();
    String before = new ProbeHasher(old).hash(photo);

    assertThat(run(new RotateProbeKeyCommand(), "--keys", keys.toString())).isEqualTo(0);
    byte[] fresh = KeyFiles.readOrCreate(keys.resolve(ProbeKeys.FILE), 32, false);
    assertThat(fresh).isNotEqualTo(old);
    assertThat(new ProbeHasher(fresh).hash(photo)).isNotEqualTo(before);
    List<Path> retired = ProbeKeys.retired(keys);
    assertThat(retired).hasSize(1);
    assertThat(new ProbeHasher(Files.readAllBytes(retired.get(0))).hash(photo)).isEqualTo(before);

    assertThat(run(new RotateProbeKeyCommand(), "--keys", keys.toString(), "--remove-retired"))
        .isEqualTo(0);
    assertThat(ProbeKeys.retired(keys)).isEmpty();
    assertThat(KeyFiles.readOrCreate(keys.resolve(ProbeKeys.FILE), 32, false)).isEqualTo(fresh);
  }

  @Test
  void aMissingKeyIsRefusedWithItsNameAndTheSettingWhenGenerationIsOff() {
    assertThatThrownBy(() -> FieldSealer.open(keys, false))
        .hasMessageContaining(keys.resolve("fields.json").toString())
        .hasMessageContaining("homeward.gateway.keys.generate")
        .hasMessageContaining("HOMEWARD_GENERATE_KEYS");
    assertThatThrownBy(() -> KeyFiles.readOrCreate(keys.resolve(ProbeKeys.FILE), 32, false))
        .hasMessageContaining(keys.resolve(ProbeKeys.FILE).toString())
        .hasMessageContaining("homeward.gateway.keys.generate");
    assertThat(keys).doesNotExist();
  }

  // --- helpers

  private int run(Object command, String... args) {
    return new CommandLine(command)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  private static FieldSealer legacySealer(byte[] raw) {
    return new FieldSealer(Keysets.aead(FieldSealer.importLegacy(raw)));
  }

  private Map<String, String> insertRows(FieldSealer sealer) throws Exception {
    Map<String, String> plain = new HashMap<>();
    try (Connection c = db.dataSource().getConnection()) {
      for (int i = 0; i < ROWS; i++) {
        String caseId = "c-" + i;
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into cases (id, side, status, organisation_id, reported_by, created_at,"
                    + " updated_at, confirmed_at) values (?, 'FOUND', 'OPEN', 'ngo-1', 'u', ?, ?,"
                    + " ?)")) {
          var now = Timestamp.from(Instant.now());
          s.setString(1, caseId);
          s.setTimestamp(2, now);
          s.setTimestamp(3, now);
          s.setTimestamp(4, now);
          s.executeUpdate();
        }
        String location = "shelter " + i + ", north gate";
        plain.put("s-" + i, location);
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into subjects (id, case_id, location_sealed) values (?, ?, ?)")) {
          s.setString(1, "s-" + i);
          s.setString(2, caseId);
          s.setBytes(3, sealer.seal("subjects.location", location));
          s.executeUpdate();
        }
        String why = "written justification number " + i;
        plain.put("k-" + i, why);
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into consents (id, case_id, legal_basis, given_by, justification_sealed,"
                    + " granted_at) values (?, ?, 'CONSENT', 'SUBJECT', ?, ?)")) {
          s.setString(1, "k-" + i);
          s.setString(2, caseId);
          s.setBytes(3, sealer.seal("consents.justification", why));
          s.setTimestamp(4, Timestamp.from(Instant.now()));
          s.executeUpdate();
        }
      }
    }
    return plain;
  }

  private byte[] location(String id) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("select location_sealed from subjects where id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }

  private void assertOpens(FieldSealer sealer, Map<String, String> plain) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("select id, location_sealed from subjects")) {
        while (rs.next()) {
          assertThat(sealer.openPlaintext("subjects.location", rs.getBytes(2)))
              .isEqualTo(plain.get(rs.getString(1)));
        }
      }
      try (ResultSet rs = s.executeQuery("select id, justification_sealed from consents")) {
        while (rs.next()) {
          assertThat(sealer.openPlaintext("consents.justification", rs.getBytes(2)))
              .isEqualTo(plain.get(rs.getString(1)));
        }
      }
    }
  }
}
