package io.homeward.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signed checkpoints in an append-only file beside the keys, one JSON object a line:
 *
 * <pre>
 * {"seq":128,"headHash":"9f..","signedAt":"2026-12-05T20:31:07.123456Z","keyId":"3a..","signature":"base64"}
 * </pre>
 *
 * Each append takes an exclusive file lock, refuses to go backwards, writes one line and forces it
 * to disk before returning. A last line without its newline is a write torn by a crash: it was
 * never acknowledged, so readers skip it and the next append cuts it off. Anyone can check the file
 * with the public key alone; the database owner cannot change it. Thread-safe (one gateway process
 * writes; the command-line verifier only reads).
 */
public final class FileCheckpointStore implements CheckpointStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line of the file; field names are the stored format. */
  record Line(long seq, String headHash, String signedAt, String keyId, String signature) {}

  private final Path file;

  public FileCheckpointStore(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
  }

  @Override
  public synchronized void append(SignedCheckpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    byte[] line;
    try {
      line =
          (JSON.writeValueAsString(
                      new Line(
                          checkpoint.seq(),
                          checkpoint.headHash(),
                          CanonicalForm.time(checkpoint.signedAt()),
                          checkpoint.keyId(),
                          Base64.getEncoder().encodeToString(checkpoint.signature())))
                  + "\n")
              .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a checkpoint always serialises", e);
    }
    try {
      createIfMissing();
      try (FileChannel ch =
              FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        byte[] existing = readFully(ch);
        int complete = lastNewline(existing) + 1;
        if (complete < existing.length) {
          ch.truncate(complete); // a torn, never-acknowledged line
        }
        List<SignedCheckpoint> stored = parse(existing, complete);
        if (!stored.isEmpty() && checkpoint.seq() <= stored.get(stored.size() - 1).seq()) {
          throw new IllegalArgumentException(
              "checkpoint "
                  + checkpoint.seq()
                  + " is not after the latest stored one ("
                  + stored.get(stored.size() - 1).seq()
                  + ")");
        }
        ch.position(complete);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
    } catch (IOException e) {
      throw new CheckpointStoreException(
          "the audit checkpoint file "
              + file
              + " cannot be written: "
              + e.getClass().getSimpleName(),
          e);
    }
  }

  @Override
  public List<SignedCheckpoint> readAll() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new CheckpointStoreException(
          "the audit checkpoint file " + file + " cannot be read: " + e.getClass().getSimpleName(),
          e);
    }
    return parse(bytes, lastNewline(bytes) + 1);
  }

  @Override
  public String location() {
    return file.toString();
  }

  private List<SignedCheckpoint> parse(byte[] bytes, int length) {
    List<SignedCheckpoint> out = new ArrayList<>();
    String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
    int number = 0;
    for (String raw : text.split("\n", -1)) {
      number++;
      if (raw.isBlank()) {
        continue;
      }
      try {
        Line l = JSON.readValue(raw, Line.class);
        if (l.headHash() == null || l.signedAt() == null || l.keyId() == null) {
          throw new IllegalArgumentException("a field is missing");
        }
        out.add(
            new SignedCheckpoint(
                l.seq(),
                l.headHash(),
                Instant.parse(l.signedAt()),
                l.keyId(),
                Base64.getDecoder().decode(l.signature())));
      } catch (IOException | RuntimeException e) {
        throw new CheckpointStoreException(
            "line " + number + " of the audit checkpoint file " + file + " is not a checkpoint", e);
      }
    }
    return out;
  }

  private void createIfMissing() throws IOException {
    if (Files.exists(file)) {
      return;
    }
    Path dir = file.getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    try {
      if (posix) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      return;
    }
    // The new directory entry must survive a crash as well as the line written into it.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory for syncing; the file's own force still holds.
    }
  }

  private static byte[] readFully(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException("the checkpoint file is too large");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    ch.position(0);
    while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
      // keep reading
    }
    return buffer.array();
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
