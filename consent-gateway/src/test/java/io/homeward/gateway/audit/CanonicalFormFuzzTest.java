package io.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Coverage-guided fuzzing of the audit record's canonical form (issue 17): for any record, an
 * independent reader of the documented syntax gets every field back from the bytes that are hashed,
 * so two records that differ in any field never hash alike, whatever their text holds (newlines,
 * '=', '~', digits and colons, any script). Strings are taken as a UTF-8 database returns them.
 */
class CanonicalFormFuzzTest {
  private static final List<String> FIELDS =
      List.of(
          "format",
          "seq",
          "prev_hash",
          "occurred_at",
          "actor_id",
          "actor_role",
          "organisation",
          "auth_method",
          "audit_action",
          "purpose",
          "legal_basis",
          "case_id",
          "consent_id",
          "age_band",
          "probe_hmac",
          "model_version",
          "threshold",
          "displayed",
          "allowed",
          "policy_ids",
          "policy_version",
          "override_used",
          "detail",
          "key_ref",
          "personal_sealed");
  private static final ChainKey KEY = ChainKey.of(new byte[32]);

  @FuzzTest(maxDuration = "60s")
  void everyRecordReadsBackFromItsCanonicalBytes(FuzzedDataProvider data) {
    StoredRecord r =
        new StoredRecord(
            data.consumeLong(0, Long.MAX_VALUE),
            text(data),
            null,
            data.consumeBoolean() ? CanonicalForm.FORMAT_KEYED : CanonicalForm.FORMAT_SHA256,
            Instant.ofEpochSecond(
                data.consumeLong(-62_000_000_000L, 250_000_000_000L),
                data.consumeInt(0, 999_999_999)),
            text(data),
            text(data),
            text(data),
            text(data),
            text(data),
            text(data),
            text(data),
            text(data),
            text(data),
            text(data),
            text(data),
            text(data),
            text(data),
            text(data),
            data.consumeBoolean(),
            text(data),
            text(data),
            data.consumeBoolean(),
            text(data),
            text(data),
            data.consumeBoolean() ? null : data.consumeBytes(64));
    byte[] bytes = CanonicalForm.record(r);
    List<String> values = read(bytes);
    List<String> expected =
        Arrays.asList(
            Integer.toString(r.format()),
            Long.toString(r.seq()),
            r.prevHash(),
            CanonicalForm.time(r.occurredAt()),
            r.actorId(),
            r.role(),
            r.organisation(),
            r.authMethod(),
            r.action(),
            r.purpose(),
            r.legalBasis(),
            r.caseId(),
            r.consentId(),
            r.ageBand(),
            r.probeHmac(),
            r.modelVersion(),
            r.threshold(),
            r.displayed(),
            Boolean.toString(r.allowed()),
            r.policyIds(),
            r.policyVersion(),
            Boolean.toString(r.override()),
            r.detail(),
            r.keyRef(),
            r.personalSealed() == null
                ? null
                : Base64.getEncoder().encodeToString(r.personalSealed()));
    assertThat(values).isEqualTo(expected);
    // The time has exactly six fraction digits, in UTC, whatever the instant.
    assertThat(values.get(3)).matches("-?\\+?\\d{4,}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(CanonicalForm.hash(r, KEY)).isEqualTo(CanonicalForm.hash(r, KEY)).hasSize(64);
  }

  /** Any text, absent now and then, as a UTF-8 database stores and returns it. */
  private static String text(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      return null;
    }
    String s = data.consumeString(40);
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  /** The documented syntax, read independently of the writer. */
  private static List<String> read(byte[] b) {
    byte[] header = "homeward-audit-record\n".getBytes(StandardCharsets.UTF_8);
    assertThat(Arrays.copyOf(b, header.length)).isEqualTo(header);
    int at = header.length;
    List<String> values = new ArrayList<>();
    for (String name : FIELDS) {
      byte[] prefix = (name + "=").getBytes(StandardCharsets.UTF_8);
      assertThat(Arrays.copyOfRange(b, at, at + prefix.length)).as(name).isEqualTo(prefix);
      at += prefix.length;
      if (b[at] == '~') {
        values.add(null);
        at++;
      } else {
        int length = 0;
        int digits = 0;
        while (b[at] >= '0' && b[at] <= '9') {
          length = length * 10 + (b[at] - '0');
          at++;
          digits++;
        }
        assertThat(digits).as(name + " length").isPositive();
        assertThat(b[at]).as(name + " colon").isEqualTo((byte) ':');
        at++;
        values.add(new String(b, at, length, StandardCharsets.UTF_8));
        at += length;
      }
      assertThat(b[at]).as(name + " end").isEqualTo((byte) '\n');
      at++;
    }
    assertThat(at).as("nothing after the last field").isEqualTo(b.length);
    return values;
  }
}
