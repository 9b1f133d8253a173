package io.homeward.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bulk import through the gateway's REST API (the same as the web page's): opens a job (or takes up
 * the one this manifest started before), sends the manifest in batches with the photos they name,
 * follows the job (done, refused, left, records per second, time left) and writes the refusals as
 * CSV. Rerunning it after a crash, of this command or of the gateway, resumes the job: records the
 * gateway already has are acknowledged by their key and not imported twice.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports a manifest of cases with their photos into a running gateway (POST /api/v1/imports).",
      "The manifest has one JSON record a line: key, side, subject, consent, photos [{file, source,",
      "photoYear, ageAtPhoto}] (see the README). Exit code 0 when nothing was refused, 1 otherwise."
    })
final class ImportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;

  @Option(names = "--manifest", required = true, description = "The manifest (JSON lines).")
  Path manifest;

  @Option(names = "--photos", required = true, description = "The folder of the photos it names.")
  Path photos;

  @Option(
      names = "--url",
      description = "The gateway (default: ${DEFAULT-VALUE}).",
      defaultValue = "http://127.0.0.1:9120")
  String url;

  @Option(
      names = "--token",
      description = "A bearer token (default: the HOMEWARD_TOKEN environment variable).")
  String token;

  @Option(
      names = "--purpose",
      description = "The purpose every request names (default: ${DEFAULT-VALUE}).",
      defaultValue = "FAMILY_TRACING")
  String purpose;

  @Option(names = "--role", description = "The role to act in, when the token grants several.")
  String role;

  @Option(
      names = "--batch-records",
      description = "Records per batch (default: ${DEFAULT-VALUE}).",
      defaultValue = "100")
  int batchRecords;

  @Option(
      names = "--report",
      description = "Where the refusals go, as CSV (default: the manifest's name + .refusals.csv).")
  Path report;

  @Option(
      names = "--job",
      description =
          "The job to take up (default: the one recorded beside the manifest, or a new one).")
  String job;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    String bearer = token != null ? token : System.getenv("HOMEWARD_TOKEN");
    if (bearer == null || bearer.isBlank()) {
      throw new IllegalArgumentException("give a token (--token or HOMEWARD_TOKEN)");
    }
    List<String> lines =
        Files.readAllLines(manifest, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank())
            .toList();
    Path jobFile = manifest.resolveSibling(manifest.getFileName() + ".import-job");
    String jobId = job;
    if (jobId == null && Files.exists(jobFile)) {
      jobId = Files.readString(jobFile).strip();
      err.println("homeward import: taking up job " + jobId);
    }
    if (jobId == null) {
      jobId = JSON.readTree(send("POST", "/api/v1/imports", null, null)).path("id").asText();
      Files.writeString(jobFile, jobId + "\n");
      err.println("homeward import: job " + jobId + " opened");
    }
    int accepted = 0;
    int known = 0;
    int refused = 0;
    for (List<String> batch : batches(lines)) {
      JsonNode r =
          JSON.readTree(
              send("POST", "/api/v1/imports/" + jobId + "/batches", zip(batch), "application/zip"));
      accepted += r.path("accepted").asInt();
      known += r.path("alreadyKnown").asInt();
      refused += r.path("refused").asInt();
      err.printf(
          Locale.ROOT,
          "\rsent %d of %d records (%d new, %d already there, %d refused at once)   ",
          accepted + known + refused,
          lines.size(),
          accepted,
          known,
          refused);
    }
    err.println();
    JsonNode status = follow(jobId, err);
    Path out =
        report != null ? report : manifest.resolveSibling(manifest.getFileName() + ".refusals.csv");
    Files.writeString(out, send("GET", "/api/v1/imports/" + jobId + "/refusals", null, null));
    err.printf(
        Locale.ROOT,
        "homeward import: %d done, %d refused (reasons in %s)%n",
        status.path("done").asLong(),
        status.path("refused").asLong(),
        out);
    return status.path("refused").asLong() == 0 ? 0 : 1;
  }

  /** Polls the job until nothing is left, printing its progress. */
  private JsonNode follow(String jobId, PrintStream err) throws IOException, InterruptedException {
    while (true) {
      JsonNode s = JSON.readTree(send("GET", "/api/v1/imports/" + jobId, null, null));
      long left = s.path("left").asLong();
      err.printf(
          Locale.ROOT,
          "\rdone %d  refused %d  left %d  %.1f records/s  %s   ",
          s.path("done").asLong(),
          s.path("refused").asLong(),
          left,
          s.path("recordsPerSecond").asDouble(),
          s.has("secondsLeft") ? "~" + s.path("secondsLeft").asLong() + " s left" : "");
      if (left == 0) {
        err.println();
        return s;
      }
      Thread.sleep(1000);
    }
  }

  /** The manifest in batches of at most {@code --batch-records} records and about 16 MiB. */
  private List<List<String>> batches(List<String> lines) throws IOException {
    List<List<String>> out = new ArrayList<>();
    List<String> current = new ArrayList<>();
    long bytes = 0;
    for (String line : lines) {
      long size = line.length();
      for (String f : files(line)) {
        Path p = photos.resolve(f);
        size += Files.exists(p) ? Files.size(p) : 0;
      }
      if (!current.isEmpty()
          && (current.size() >= batchRecords || bytes + size > MAX_BATCH_BYTES)) {
        out.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(line);
      bytes += size;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  /** The photo files a manifest line names (a line that is not JSON is left to the gateway). */
  private static Set<String> files(String line) {
    Set<String> out = new LinkedHashSet<>();
    try {
      for (JsonNode p : JSON.readTree(line).path("photos")) {
        String f = p.path("file").asText("");
        if (!f.isBlank() && !f.contains("..")) {
          out.add(f);
        }
      }
    } catch (IOException e) {
      // The gateway names the line in its answer.
    }
    return out;
  }

  private byte[] zip(List<String> batch) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      z.putNextEntry(new ZipEntry("manifest.jsonl"));
      z.write(String.join("\n", batch).getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
      Set<String> sent = new LinkedHashSet<>();
      for (String line : batch) {
        for (String f : files(line)) {
          Path p = photos.resolve(f);
          // A photo that is missing here is reported by the gateway as missing from the batch.
          if (Files.isRegularFile(p) && sent.add(p.getFileName().toString())) {
            z.putNextEntry(new ZipEntry(p.getFileName().toString()));
            z.write(Files.readAllBytes(p));
            z.closeEntry();
          }
        }
      }
    }
    return bytes.toByteArray();
  }

  private String send(String method, String path, byte[] body, String type)
      throws IOException, InterruptedException {
    String bearer = token != null ? token : System.getenv("HOMEWARD_TOKEN");
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
            .timeout(Duration.ofMinutes(5))
            .header("Authorization", "Bearer " + bearer)
            .header("Homeward-Purpose", purpose);
    if (role != null) {
      b.header("Homeward-Role", role);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      String detail = r.body();
      try {
        detail = JSON.readTree(r.body()).path("detail").asText(r.body());
      } catch (IOException e) {
        // not a problem document: show the body as it is
      }
      throw new IllegalStateException(
          method + " " + path + " answered " + r.statusCode() + ": " + detail);
    }
    return r.body();
  }
}
