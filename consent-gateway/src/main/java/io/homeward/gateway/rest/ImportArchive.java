package io.homeward.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.gateway.config.ImportConfig;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.imports.Batch;
import io.homeward.gateway.imports.ImportRecord;
import io.homeward.gateway.policy.Justifications;
import io.homeward.gateway.registration.Commands;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a bulk import batch: one zip archive holding {@code manifest.jsonl} (one JSON record a
 * line, {@link Dtos.ImportLine}) and the photos it names. Bounded and zip-bomb safe: the entries,
 * the manifest and the bytes unpacked are counted as they are read, whatever the archive declares.
 * A malformed archive or manifest refuses the whole batch (nothing stored); a record whose fields
 * are wrong is refused alone, with the reason a single registration would give.
 */
@ApplicationScoped
public class ImportArchive {
  static final String MANIFEST = "manifest.jsonl";
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");
  private static final int MAX_FILE_NAME = 255;

  private final ImportConfig config;
  private final ObjectMapper json;
  private final Justifications justifications;

  public ImportArchive(ImportConfig config, ObjectMapper json, Justifications justifications) {
    this.config = config;
    this.json = json;
    this.justifications = justifications;
  }

  /** A local file header ({@code PK\3\4}) or an empty archive's end record ({@code PK\5\6}). */
  private static boolean isZip(byte[] b) {
    return b.length >= 4
        && b[0] == 'P'
        && b[1] == 'K'
        && ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6));
  }

  Batch read(byte[] archive) {
    if (archive == null || archive.length == 0) {
      throw invalid("the batch is empty; send a zip archive with " + MANIFEST + " and the photos");
    }
    // A zip stream over bytes that are no zip finds no entry and says nothing: look at the magic.
    if (!isZip(archive)) {
      throw invalid("the batch is not a zip archive; send a zip archive with " + MANIFEST);
    }
    Map<String, byte[]> files = new HashMap<>();
    byte[] manifest = null;
    long unpacked = 0;
    int entries = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (++entries > config.maxEntriesPerBatch()) {
          throw invalid("the archive holds more than " + config.maxEntriesPerBatch() + " entries");
        }
        if (e.isDirectory() || e.getName().startsWith("__MACOSX/")) {
          continue;
        }
        String name = baseName(e.getName());
        boolean isManifest = name.equals(MANIFEST);
        long room =
            Math.min(
                config.maxUnpackedBytesPerBatch() - unpacked,
                isManifest ? config.maxManifestBytes() : config.maxUnpackedBytesPerBatch());
        byte[] content = readBounded(zip, room);
        if (content == null) {
          throw new GatewayException(
              ProblemType.BODY_TOO_LARGE,
              isManifest
                  ? "the manifest is larger than " + config.maxManifestBytes() + " bytes"
                  : "the archive unpacks to more than "
                      + config.maxUnpackedBytesPerBatch()
                      + " bytes; send smaller batches");
        }
        unpacked += content.length;
        if (isManifest) {
          manifest = content;
        } else if (name.isEmpty() || name.length() > MAX_FILE_NAME) {
          throw invalid("an entry of the archive has no usable file name");
        } else if (files.put(name, content) != null) {
          throw invalid("the archive holds two files named " + name);
        }
      }
    } catch (ZipException e) {
      throw invalid("the batch is not a readable zip archive");
    } catch (IOException e) {
      throw invalid("the batch is not a readable zip archive");
    }
    if (manifest == null) {
      throw invalid("the archive holds no " + MANIFEST);
    }
    return new Batch(lines(manifest), files);
  }

  private List<Batch.Line> lines(byte[] manifest) {
    String[] raw = new String(manifest, StandardCharsets.UTF_8).split("\r?\n");
    List<Batch.Line> lines = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < raw.length; i++) {
      String text = raw[i].strip();
      if (text.isEmpty()) {
        continue;
      }
      if (lines.size() == config.maxRecordsPerBatch()) {
        throw invalid(
            "the manifest lists more than " + config.maxRecordsPerBatch() + " records; split it");
      }
      Dtos.ImportLine line;
      try {
        line = json.readValue(text, Dtos.ImportLine.class);
      } catch (JsonProcessingException e) {
        throw invalid("manifest line " + (i + 1) + " is not a JSON record");
      }
      if (line == null || line.key() == null || !KEY.matcher(line.key()).matches()) {
        throw invalid(
            "manifest line "
                + (i + 1)
                + " has no usable key (1 to 128 letters, digits and . _ : / -)");
      }
      if (!keys.add(line.key())) {
        throw invalid("the record key " + line.key() + " appears twice in the manifest");
      }
      lines.add(record(line));
    }
    if (lines.isEmpty()) {
      throw invalid("the manifest lists no record");
    }
    return lines;
  }

  /** A record as a single registration and enrolment would read it, or its refusal. */
  private Batch.Line record(Dtos.ImportLine line) {
    try {
      Commands.NewCase newCase =
          CasesResource.newCase(
              new Dtos.CreateCase(
                  line.side(), line.subject(), line.policeCaseNumber(), line.consent()),
              justifications);
      if (line.photos() == null || line.photos().isEmpty()) {
        throw invalid("a record lists at least one photo");
      }
      if (line.photos().size() > config.maxPhotosPerRecord()) {
        throw invalid("a record lists at most " + config.maxPhotosPerRecord() + " photos");
      }
      List<ImportRecord.Photo> photos = new ArrayList<>();
      for (Dtos.ImportPhoto p : line.photos()) {
        // The name's last segment is what is looked up: "dir/" names no file (found by fuzzing).
        if (p == null || p.file() == null || baseName(p.file()).isBlank()) {
          throw invalid("every photo names its file");
        }
        if (p.ageAtPhoto() != null && (p.ageAtPhoto() < 0 || p.ageAtPhoto() > 120)) {
          throw invalid("ageAtPhoto is 0 to 120");
        }
        photos.add(
            new ImportRecord.Photo(
                baseName(p.file()),
                Parse.required(PhotoSource.class, p.source(), "photos.source"),
                p.ageAtPhoto(),
                Parse.year(p.photoYear(), "photos.photoYear")));
      }
      return Batch.Line.of(new ImportRecord(line.key(), newCase, photos));
    } catch (GatewayException e) {
      return Batch.Line.refused(line.key(), e.type().slug(), e.getMessage());
    }
  }

  /** The entry's file name without folders: the manifest names photos by file name alone. */
  private static String baseName(String entry) {
    String n = entry.replace('\\', '/');
    return n.substring(n.lastIndexOf('/') + 1);
  }

  /** The entry's bytes, or null past {@code room} (counted, not declared). */
  private static byte[] readBounded(InputStream in, long room) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > room) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static GatewayException invalid(String detail) {
    return new GatewayException(ProblemType.INVALID_REQUEST, detail);
  }
}
