package io.homeward.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import io.homeward.gateway.config.S3Clients;
import io.homeward.gateway.support.S3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 image store against a real S3-compatible server (Versity Gateway, started by {@code
 * scripts/s3.sh}): what the bucket holds is ciphertext under keys that say nothing, sealed objects
 * cannot be moved between references, and a storage outage fails clearly and loses nothing.
 */
class S3ImageStoreIT {
  private static final byte[] MARKER =
      "HOMEWARD-PLAINTEXT-MARKER".getBytes(StandardCharsets.US_ASCII);
  private static final long MAX_BYTES = 6 * 1024 * 1024;

  private static S3Server server;
  private static S3Client raw;

  @TempDir Path keys;
  private String bucket;
  private Aead key;
  private S3ImageStore store;

  @BeforeAll
  static void startServer() {
    server = S3Server.start();
    raw = server.client();
  }

  @AfterAll
  static void closeClient() {
    if (raw != null) {
      raw.close();
    }
  }

  @BeforeEach
  void openStore() {
    bucket = "images-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    server.createBucket(bucket);
    key = ImageKeys.open(keys.resolve("images.json"), true, keys.resolve("images"));
    store = open(key);
  }

  private S3ImageStore open(Aead aead) {
    return S3ImageStore.open(
        S3Clients.images(server.config(bucket)), bucket, "images/", aead, MAX_BYTES);
  }

  @Test
  void anImageComesBackAndTheBucketHoldsOnlyCiphertextUnderAKeyThatSaysNothing() {
    byte[] image = image(4096);
    String ref = store.put(image);

    assertThat(store.readPlaintext(ref)).isEqualTo(image);
    List<S3Object> objects = objects();
    assertThat(objects)
        .singleElement()
        .satisfies(o -> assertThat(o.key()).isEqualTo("images/" + ref + ".sealed"));
    byte[] stored = rawObject(ref);
    assertThat(new String(stored, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("HWI");
    assertThat(indexOf(stored, MARKER)).isEqualTo(-1);
    HeadObjectResponse head =
        raw.headObject(
            HeadObjectRequest.builder().bucket(bucket).key(objects.get(0).key()).build());
    assertThat(head.metadata()).as("no user metadata").isEmpty();
    assertThat(head.contentType()).isEqualTo("application/octet-stream");
  }

  @Test
  void aSealedObjectCopiedOverAnotherReferenceFailsToOpen() {
    String first = store.put(image(300));
    String second = store.put(image(300));
    raw.putObject(
        PutObjectRequest.builder().bucket(bucket).key("images/" + second + ".sealed").build(),
        RequestBody.fromBytes(rawObject(first)));

    assertThatThrownBy(() -> store.readPlaintext(second))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.CORRUPT))
        .hasMessageNotContaining(second);
    assertThat(store.readPlaintext(first)).hasSize(300);
  }

  @Test
  void aTamperedOrTruncatedObjectFailsAuthentication() {
    String ref = store.put(image(300));
    byte[] stored = rawObject(ref);
    stored[stored.length / 2] ^= 1;
    raw.putObject(
        PutObjectRequest.builder().bucket(bucket).key("images/" + ref + ".sealed").build(),
        RequestBody.fromBytes(stored));
    assertThatThrownBy(() -> store.readPlaintext(ref))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.CORRUPT));

    raw.putObject(
        PutObjectRequest.builder().bucket(bucket).key("images/" + ref + ".sealed").build(),
        RequestBody.fromBytes(new byte[] {'H', 'W'}));
    assertThatThrownBy(() -> store.readPlaintext(ref))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.CORRUPT));
  }

  @Test
  void anotherKeyCannotOpenTheImages(@TempDir Path otherKeys) {
    String ref = store.put(image(300));
    S3ImageStore other =
        open(ImageKeys.open(otherKeys.resolve("images.json"), true, otherKeys.resolve("i")));
    assertThatThrownBy(() -> other.readPlaintext(ref))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.CORRUPT));
  }

  @Test
  void deleteSaysWhetherTheImageExistedAndADeletedImageIsNotFound() {
    String ref = store.put(image(300));
    assertThat(store.delete(ref)).isTrue();
    assertThat(store.delete(ref)).isFalse();
    assertThat(objects()).isEmpty();
    assertThatThrownBy(() -> store.readPlaintext(ref)).isInstanceOf(ImageNotFoundException.class);
    assertThatThrownBy(() -> store.readPlaintext("0123456789abcdef0123456789abcdef"))
        .isInstanceOf(ImageNotFoundException.class);
  }

  @Test
  void badReferencesAndBadImagesAreRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> store.readPlaintext("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete("images/x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put(new byte[(int) MAX_BYTES + 1]))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.TOO_LARGE));
    assertThat(objects()).isEmpty();
  }

  @Test
  void refsListsEveryImageAcrossPagesAndIgnoresStrayObjects() throws Exception {
    Set<String> refs = new HashSet<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> puts = new ArrayList<>();
      for (int i = 0; i < 1_050; i++) {
        puts.add(pool.submit(() -> store.put(image(64))));
      }
      for (Future<String> f : puts) {
        refs.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    raw.putObject(
        PutObjectRequest.builder().bucket(bucket).key("images/not-a-reference.sealed").build(),
        RequestBody.fromString("x"));
    raw.putObject(
        PutObjectRequest.builder()
            .bucket(bucket)
            .key("elsewhere/" + refs.iterator().next() + ".sealed")
            .build(),
        RequestBody.fromString("x"));

    assertThat(refs).hasSize(1_050);
    assertThat(store.refs()).isEqualTo(refs);
  }

  @Test
  void parallelWritersAndReadersDoNotInterfere() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Boolean>> work = new ArrayList<>();
      for (int i = 0; i < 160; i++) {
        int size = 1_000 + i * 37;
        work.add(
            pool.submit(
                () -> {
                  byte[] image = image(size);
                  String ref = store.put(image);
                  return java.util.Arrays.equals(store.readPlaintext(ref), image);
                }));
      }
      for (Future<Boolean> f : work) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.refs()).hasSize(160);
  }

  @Test
  void resealingKeepsTheImageReadable() {
    byte[] image = image(2000);
    String ref = store.put(image);
    byte[] before = rawObject(ref);
    assertThat(store.reseal(ref)).isTrue();
    assertThat(rawObject(ref)).isNotEqualTo(before);
    assertThat(store.readPlaintext(ref)).isEqualTo(image);
    assertThat(store.reseal("0123456789abcdef0123456789abcdef")).isFalse();
  }

  @Test
  void aMissingBucketOrWrongCredentialsStopStartUpWithAClearMessage() {
    assertThatThrownBy(
            () ->
                S3ImageStore.open(
                    S3Clients.images(server.config("no-such-bucket")),
                    "no-such-bucket",
                    "images/",
                    key,
                    MAX_BYTES))
        .isInstanceOf(ImageStoreException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () ->
                S3ImageStore.open(
                    S3Clients.images(server.config(bucket, S3Server.ACCESS_KEY, "wrong-secret")),
                    bucket,
                    "images/",
                    key,
                    MAX_BYTES))
        .isInstanceOf(ImageStoreException.class)
        .hasMessageContaining("refused access")
        .hasMessageNotContaining(S3Server.ACCESS_KEY);
  }

  /**
   * The storage goes away: each call fails as unavailable, and every image is there on its return.
   */
  @Test
  void anOutageFailsClearlyAndLosesNothing() {
    byte[] image = image(5000);
    String ref = store.put(image);
    server.stop();
    try {
      for (Runnable call :
          List.<Runnable>of(
              () -> store.put(image(10)),
              () -> store.readPlaintext(ref),
              () -> store.delete(ref),
              store::refs)) {
        assertThatThrownBy(call::run)
            .isInstanceOfSatisfying(
                ImageStoreException.class,
                e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.IO))
            .hasMessageNotContaining(ref)
            .hasMessageNotContaining("127.0.0.1")
            .hasMessageNotContaining(bucket);
      }
    } finally {
      server.restart();
    }
    assertThat(store.readPlaintext(ref)).isEqualTo(image);
    assertThat(store.refs()).containsExactly(ref);
  }

  private List<S3Object> objects() {
    return raw
        .listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).build())
        .contents()
        .stream()
        .toList();
  }

  private byte[] rawObject(String ref) {
    return raw.getObjectAsBytes(
            GetObjectRequest.builder().bucket(bucket).key("images/" + ref + ".sealed").build())
        .asByteArray();
  }

  /** Random bytes with the marker inside, so plaintext in the bucket would be found. */
  private static byte[] image(int size) {
    byte[] image = new byte[size];
    ThreadLocalRandom.current().nextBytes(image);
    System.arraycopy(MARKER, 0, image, size / 3, Math.min(MARKER.length, size - size / 3));
    return image;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
