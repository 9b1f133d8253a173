package io.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.gateway.audit.CheckpointStore.CheckpointStoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {
  @TempDir Path dir;

  static SignedCheckpoint cp(long seq) {
    return new SignedCheckpoint(
        seq,
        "ab".repeat(32),
        CanonicalForm.storable(Instant.parse("2026-12-05T20:00:00.123456789Z")),
        "0123456789abcdef",
        new byte[] {1, 2, (byte) seq});
  }

  @Test
  void appendsOneOwnerOnlyLineEachAndReadsThemBack() throws Exception {
    Path file = dir.resolve("new/keys/audit-checkpoints.jsonl");
    var store = new FileCheckpointStore(file);
    assertThat(store.readAll()).isEmpty();
    store.append(cp(3));
    store.append(cp(7));

    List<SignedCheckpoint> read = new FileCheckpointStore(file).readAll();
    assertThat(read).extracting(SignedCheckpoint::seq).containsExactly(3L, 7L);
    assertThat(read.get(1).headHash()).isEqualTo("ab".repeat(32));
    assertThat(read.get(1).signedAt()).isEqualTo(Instant.parse("2026-12-05T20:00:00.123456Z"));
    assertThat(read.get(1).signature()).containsExactly(1, 2, 7);
    assertThat(Files.readAllLines(file)).hasSize(2).allMatch(l -> l.startsWith("{\"seq\":"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void neverGoesBackwards() {
    var store = new FileCheckpointStore(dir.resolve("c.jsonl"));
    store.append(cp(5));
    assertThatThrownBy(() -> store.append(cp(5))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.append(cp(4))).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.readAll()).hasSize(1);
  }

  @Test
  void aTornLastLineIsSkippedAndCutOffByTheNextAppend() throws Exception {
    Path file = dir.resolve("c.jsonl");
    var store = new FileCheckpointStore(file);
    store.append(cp(1));
    Files.writeString(file, "{\"seq\":2,\"headHa", StandardOpenOption.APPEND);
    assertThat(store.readAll()).extracting(SignedCheckpoint::seq).containsExactly(1L);
    store.append(cp(2));
    assertThat(store.readAll()).extracting(SignedCheckpoint::seq).containsExactly(1L, 2L);
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).doesNotContain("headHa\"");
  }

  @Test
  void aDamagedLineIsAnErrorNamingTheLine() throws Exception {
    Path file = dir.resolve("c.jsonl");
    var store = new FileCheckpointStore(file);
    store.append(cp(1));
    Files.writeString(file, "{\"seq\":\"x\"}\n", StandardOpenOption.APPEND);
    assertThatThrownBy(store::readAll)
        .isInstanceOf(CheckpointStoreException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> store.append(cp(3))).isInstanceOf(CheckpointStoreException.class);
  }

  @Test
  void concurrentAppendsKeepTheFileInOrder() throws Exception {
    var store = new FileCheckpointStore(dir.resolve("c.jsonl"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 1; i <= 40; i++) {
        long seq = i;
        futures.add(
            pool.submit(
                () -> {
                  try {
                    store.append(cp(seq));
                  } catch (IllegalArgumentException late) {
                    // a later checkpoint got there first: refused, as it must be
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Long> seqs = store.readAll().stream().map(SignedCheckpoint::seq).toList();
    assertThat(seqs).isSorted().doesNotHaveDuplicates().isNotEmpty();
  }
}
