package io.homeward.gateway.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeward.gateway.attack.Fixtures;
import io.homeward.gateway.attack.RunningSystem;
import io.homeward.gateway.attack.RunningSystem.Db;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./homeward import} against the packaged system with the real models: a manifest of real
 * photos is imported (the record whose photo shows two people is refused and reported in the CSV,
 * exit code 1); run again, the command takes up its job from the file beside the manifest and every
 * record is acknowledged by its key, none imported twice.
 */
class ImportCommandIT {
  @Test
  void theCommandImportsReportsAndResumesWithoutTakingARecordTwice() throws Exception {
    Path shared = Fixtures.sharedDir();
    assumeTrue(
        shared != null && Files.isDirectory(shared.resolve("fixtures/people")),
        "../shared/fixtures is absent: the import command is not run");
    Path root =
        Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath().normalize();
    RunningSystem system = RunningSystem.on(Db.H2);
    String org = "import-cli-" + System.nanoTime() % 1_000_000;
    String token = system.token("import-cli-officer", org, "POLICE_INVESTIGATOR");

    Path work = Files.createTempDirectory("homeward-import-cli");
    Path photos = Files.createDirectories(work.resolve("photos"));
    List<String> files =
        List.of(
            "biden_biden.jpg",
            "rose_leslie_img1.jpg",
            "kit_harington_john1.jpeg",
            "two_people.jpg");
    StringBuilder manifest = new StringBuilder();
    for (int i = 0; i < files.size(); i++) {
      Files.copy(
          shared.resolve("fixtures/people").resolve(files.get(i)), photos.resolve(files.get(i)));
      manifest
          .append("{\"key\":\"cli-")
          .append(i)
          .append("\",\"side\":\"FOUND\",\"policeCaseNumber\":\"CLI-")
          .append(i)
          .append("\",\"subject\":{\"birthYearFrom\":1950,\"birthYearTo\":1995},")
          .append("\"consent\":{\"basis\":\"STATUTORY_DUTY\",\"givenBy\":\"POLICE\"},")
          .append("\"photos\":[{\"file\":\"")
          .append(files.get(i))
          .append("\",\"source\":\"POLICE\",\"photoYear\":2015}]}\n");
    }
    Path manifestFile = work.resolve("archive.jsonl");
    Files.writeString(manifestFile, manifest.toString(), StandardCharsets.UTF_8);
    Path report = work.resolve("refusals.csv");

    Run first = run(root, system, token, manifestFile, photos, report);
    assertThat(first.exit()).as(first.output()).isEqualTo(1);
    assertThat(first.output()).contains("3 done, 1 refused");
    assertThat(Files.readAllLines(report)).first().isEqualTo("record_key,file,problem,reason");
    assertThat(Files.readString(report)).contains("cli-3,two_people.jpg,multiple-faces,");
    assertThat(work.resolve("archive.jsonl.import-job")).exists();

    // Run again (after a crash of the command, or to be sure): the job is taken up, and the
    // gateway acknowledges every record by its key.
    Run second = run(root, system, token, manifestFile, photos, report);
    assertThat(second.output()).contains("taking up job").contains("0 new, 4 already there");
    assertThat(second.output()).contains("3 done, 1 refused");
  }

  private record Run(int exit, String output) {}

  private static Run run(
      Path root, RunningSystem system, String token, Path manifest, Path photos, Path report)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("homeward-import-cli", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                "./homeward",
                "import",
                "--url",
                system.uri("").toString(),
                "--purpose",
                "IDENTIFICATION",
                "--manifest",
                manifest.toString(),
                "--photos",
                photos.toString(),
                "--report",
                report.toString(),
                "--batch-records",
                "2")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("HOMEWARD_TOKEN", token);
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("./homeward import did not finish within 5 minutes: " + Files.readString(log));
    }
    return new Run(p.exitValue(), Files.readString(log));
  }
}
