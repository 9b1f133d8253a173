package io.homeward.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptedDirectoryImageStoreTest {
  private static final byte[] MARKER =
      "HOMEWARD-PLAINTEXT-MARKER".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path root;
  private Path images;
  private Path keyset;
  private EncryptedDirectoryImageStore store;

  @BeforeEach
  void open() {
    images = root.resolve("gateway/images");
    keyset = root.resolve("keys/images.json");
    store = EncryptedDirectoryImageStore.open(images, ImageKeys.open(keyset, true, images), 1024);
  }

  @Test
  void roundTrip() {
    byte[] image = image(300);
    String ref = store.put(image);

    assertThat(ref).matches("[0-9a-f]{32}");
    assertThat(store.readPlaintext(ref)).isEqualTo(image);
    assertThat(store.refs()).containsExactly(ref);
  }

  @Test
  void referencesAreRandom() {
    byte[] image = image(10);
    assertThat(store.put(image)).isNotEqualTo(store.put(image));
  }

  @Test
  void filesHoldNoPlaintext() throws IOException {
    store.put(image(500));

    List<Path> files = files(images);
    assertThat(files).hasSize(1);
    for (Path file : files) {
      assertThat(indexOf(Files.readAllBytes(file), MARKER)).isEqualTo(-1);
    }
  }

  @Test
  void tamperedFileFailsAuthentication() throws IOException {
    String ref = store.put(image(300));
    Path file = files(images).get(0);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);

    assertThatThrownBy(() -> store.readPlaintext(ref))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.CORRUPT))
        .hasMessageNotContaining(ref);
  }

  @Test
  void truncatedFileFailsAuthentication() throws IOException {
    String ref = store.put(image(300));
    Path file = files(images).get(0);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));

    assertThatThrownBy(() -> store.readPlaintext(ref))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.CORRUPT));
  }

  @Test
  void filesSwappedBetweenReferencesFail() throws IOException {
    String first = store.put(image(100));
    String second = store.put(image(200));
    Path firstFile = fileOf(first);
    Path secondFile = fileOf(second);
    byte[] firstBytes = Files.readAllBytes(firstFile);
    Files.write(firstFile, Files.readAllBytes(secondFile));
    Files.write(secondFile, firstBytes);

    for (String ref : List.of(first, second)) {
      assertThatThrownBy(() -> store.readPlaintext(ref))
          .isInstanceOfSatisfying(
              ImageStoreException.class,
              e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.CORRUPT));
    }
  }

  @Test
  void deletedImageIsNotFound() {
    String ref = store.put(image(100));

    assertThat(store.delete(ref)).isTrue();
    assertThat(store.delete(ref)).isFalse();
    assertThatThrownBy(() -> store.readPlaintext(ref)).isInstanceOf(ImageNotFoundException.class);
    assertThat(store.refs()).isEmpty();
  }

  @Test
  void unknownReferenceIsNotFound() {
    assertThatThrownBy(() -> store.readPlaintext("0123456789abcdef0123456789abcdef"))
        .isInstanceOf(ImageNotFoundException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../x",
        "../../keys/images.json",
        "/etc/passwd",
        "0123456789abcdef0123456789abcde/",
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcdeg",
        "0123456789abcdef0123456789abcdef0",
        "0123456789abcdef0123456789abcde",
        "01/23456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcd\u0000f",
        ""
      })
  void malformedReferencesAreRefused(String ref) {
    assertThatThrownBy(() -> store.readPlaintext(ref)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(ref)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullReferenceIsRefused() {
    assertThatThrownBy(() -> store.readPlaintext(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oversizedAndEmptyImagesAreRefused() {
    assertThatThrownBy(() -> store.put(new byte[1025]))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.TOO_LARGE));
    assertThatThrownBy(() -> store.put(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.put(new byte[1024])).isNotNull();
  }

  @Test
  void refsIgnoreStrayFiles() throws IOException {
    String ref = store.put(image(100));
    Files.writeString(images.resolve("README"), "x");
    Path shard = fileOf(ref).getParent();
    Files.writeString(shard.resolve("." + ref + ".sealed.0011.tmp"), "x");
    // A valid name in the wrong shard was not written by the store.
    Files.createDirectories(images.resolve("zz"));
    Files.writeString(
        images.resolve("zz").resolve(ref.replace(ref.charAt(0), 'f') + ".sealed"), "x");

    assertThat(store.refs()).containsExactly(ref);
  }

  @Test
  void generatedKeysetAndImagesAreOwnerOnly() throws IOException {
    String ref = store.put(image(100));

    assertThat(Files.exists(keyset)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset.getParent())))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(images)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fileOf(ref))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(fileOf(ref).getParent())))
        .isEqualTo("rwx------");
    assertThat(Files.readString(keyset)).contains("AesGcmKey");
  }

  @Test
  void existingKeysetIsReused() {
    String ref = store.put(image(100));
    EncryptedDirectoryImageStore reopened =
        EncryptedDirectoryImageStore.open(images, ImageKeys.open(keyset, false, images), 1024);

    assertThat(reopened.readPlaintext(ref)).isEqualTo(image(100));
  }

  @Test
  void missingKeyWithoutGenerationFailsStartUpClearly() {
    Path absent = root.resolve("secrets/images.json");

    assertThatThrownBy(() -> ImageKeys.open(absent, false, images))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.KEY))
        .hasMessageContaining(absent.toString())
        .hasMessageContaining("homeward.gateway.images.generate-key=false");
    assertThat(Files.exists(absent)).isFalse();
  }

  @Test
  void keyInsideTheImageDirectoryIsRefused() {
    assertThatThrownBy(() -> ImageKeys.open(images.resolve("key.json"), true, images))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.KEY))
        .hasMessageContaining("must not lie under");
  }

  @Test
  void unreadableKeysetFailsStartUpClearly() throws IOException {
    Path bad = root.resolve("keys/bad.json");
    Files.writeString(bad, "{\"not\": \"a keyset\"}");

    assertThatThrownBy(() -> ImageKeys.open(bad, true, images))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.KEY))
        .hasMessageContaining("not a Tink JSON keyset");
  }

  @Test
  void anotherKeyCannotOpenTheImages() {
    String ref = store.put(image(100));
    EncryptedDirectoryImageStore stranger =
        EncryptedDirectoryImageStore.open(
            images, ImageKeys.open(root.resolve("other/images.json"), true, images), 1024);

    assertThatThrownBy(() -> stranger.readPlaintext(ref))
        .isInstanceOfSatisfying(
            ImageStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(ImageStoreException.Reason.CORRUPT));
  }

  @Test
  void rotationSealsWithTheNewPrimaryAndStillOpensOldImages() throws Exception {
    KeysetHandle old =
        TinkJsonProtoKeysetFormat.parseKeyset(
            Files.readString(keyset), InsecureSecretKeyAccess.get());
    String before = store.put(image(100));
    KeysetHandle rotated =
        KeysetHandle.newBuilder(old)
            .addEntry(
                KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId()
                    .makePrimary())
            .build();
    Files.writeString(
        keyset, TinkJsonProtoKeysetFormat.serializeKeyset(rotated, InsecureSecretKeyAccess.get()));
    EncryptedDirectoryImageStore afterRotation =
        EncryptedDirectoryImageStore.open(images, ImageKeys.open(keyset, false, images), 1024);

    String after = afterRotation.put(image(200));

    assertThat(afterRotation.readPlaintext(before)).isEqualTo(image(100));
    assertThat(afterRotation.readPlaintext(after)).isEqualTo(image(200));
    // The old key alone cannot open what the new primary sealed: new writes use the new key.
    assertThatThrownBy(() -> store.readPlaintext(after)).isInstanceOf(ImageStoreException.class);

    // Resealing moves the old image to the new key; then the old key can be destroyed.
    assertThat(afterRotation.reseal(before)).isTrue();
    KeysetHandle newOnly = KeysetHandle.newBuilder(rotated).deleteAt(0).build();
    EncryptedDirectoryImageStore withoutOldKey =
        EncryptedDirectoryImageStore.open(images, ImageKeys.aead(newOnly), 1024);
    assertThat(withoutOldKey.readPlaintext(before)).isEqualTo(image(100));
    assertThat(withoutOldKey.readPlaintext(after)).isEqualTo(image(200));
    assertThat(afterRotation.reseal("0123456789abcdef0123456789abcdef")).isFalse();
  }

  @Test
  void concurrentWritersDoNotInterfere() throws Exception {
    Aead aead = ImageKeys.open(keyset, false, images);
    EncryptedDirectoryImageStore shared = EncryptedDirectoryImageStore.open(images, aead, 1024);
    List<String> refs =
        Stream.iterate(0, i -> i + 1)
            .limit(64)
            .parallel()
            .map(i -> shared.put(image(i + 1)))
            .toList();

    assertThat(shared.refs()).containsExactlyInAnyOrderElementsOf(refs);
    for (int i = 0; i < refs.size(); i++) {
      assertThat(shared.readPlaintext(refs.get(i))).isEqualTo(image(i + 1));
    }
  }

  /** A fake image: the marker repeated, so any plaintext leak is findable on disk. */
  private static byte[] image(int length) {
    byte[] image = new byte[length];
    for (int i = 0; i < length; i++) {
      image[i] = MARKER[i % MARKER.length];
    }
    if (length > MARKER.length) {
      image[length - 1] = (byte) length;
    }
    return image;
  }

  private Path fileOf(String ref) {
    return images.resolve(ref.substring(0, 2)).resolve(ref + ".sealed");
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
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
