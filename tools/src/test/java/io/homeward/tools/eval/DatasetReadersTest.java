package io.homeward.tools.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReadersTest {
  @TempDir Path folder;

  private void write(String name, String... lines) throws IOException {
    Files.writeString(folder.resolve(name), String.join("\n", lines) + "\n");
  }

  @Test
  void readsLagManifestInFileOrder() throws IOException {
    write(
        "manifest.csv",
        "file,subject,group",
        "ann/a1.png,ann,adult",
        "ann/y/c1.png,ann,young",
        "",
        "bob/y/c1.png, bob ,young");

    List<LagManifest.Sample> samples = LagManifest.read(folder);

    assertThat(samples)
        .containsExactly(
            new LagManifest.Sample("ann/a1.png", "ann", "adult"),
            new LagManifest.Sample("ann/y/c1.png", "ann", "young"),
            new LagManifest.Sample("bob/y/c1.png", "bob", "young"));
    assertThat(samples.get(1).isYoung()).isTrue();
    assertThat(samples.get(0).isAdult()).isTrue();
    assertThat(samples.get(0).resolve(folder))
        .isEqualTo(folder.toAbsolutePath().normalize().resolve("ann/a1.png"));
  }

  @Test
  void columnOrderDoesNotMatter() throws IOException {
    write("manifest.csv", "group,file,subject", "adult,x.png,x");
    assertThat(LagManifest.read(folder))
        .containsExactly(new LagManifest.Sample("x.png", "x", "adult"));
  }

  @Test
  void missingColumnIsNamed() throws IOException {
    write("manifest.csv", "file,subject", "x.png,x");
    assertThatThrownBy(() -> LagManifest.read(folder))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("manifest.csv:1")
        .hasMessageContaining("missing column 'group'");
  }

  @Test
  void badRowsNameTheirLine() throws IOException {
    write("manifest.csv", "file,subject,group", "a.png,a,adult", "b.png,b,child");
    assertThatThrownBy(() -> LagManifest.read(folder))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("manifest.csv:3")
        .hasMessageContaining("'child'");

    write("manifest.csv", "file,subject,group", "a.png,a");
    assertThatThrownBy(() -> LagManifest.read(folder))
        .hasMessageContaining(":2")
        .hasMessageContaining("expected 3 fields, found 2");

    write("manifest.csv", "file,subject,group", "a.png,,adult");
    assertThatThrownBy(() -> LagManifest.read(folder)).hasMessageContaining(":2: empty 'subject'");

    write("manifest.csv", "file,subject,group", "\"a,b.png\",a,adult");
    assertThatThrownBy(() -> LagManifest.read(folder)).hasMessageContaining("quoted");
  }

  @Test
  void refusesPathsEscapingTheFolder() throws IOException {
    write("manifest.csv", "file,subject,group", "ok.png,a,adult", "a/../../etc/passwd,a,adult");
    assertThatThrownBy(() -> LagManifest.read(folder))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(":3")
        .hasMessageContaining("escapes");

    write("manifest.csv", "file,subject,group", "/etc/passwd,a,adult");
    assertThatThrownBy(() -> LagManifest.read(folder)).hasMessageContaining("absolute");
  }

  @Test
  void resolveInsideAllowsInnerDotDotButNotEscape() {
    assertThat(DatasetPaths.resolveInside(folder, "a/../b.png"))
        .isEqualTo(folder.toAbsolutePath().normalize().resolve("b.png"));
    assertThatThrownBy(() -> DatasetPaths.resolveInside(folder, ".."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatasetPaths.resolveInside(folder, "."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatasetPaths.resolveInside(folder, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingManifestIsAClearError() {
    assertThatThrownBy(() -> LagManifest.read(folder))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("manifest.csv");
  }

  @Test
  void readsCacdPairsWithEitherBooleanSpelling() throws IOException {
    write(
        "pairs.csv",
        "pair_id,fold,img0,img1,same",
        "0000,1,0000_0.jpg,0000_1.jpg,1",
        "0001,1,0001_0.jpg,0001_1.jpg,0",
        "0002,2,0002_0.jpg,0002_1.jpg,TRUE",
        "0003,2,0003_0.jpg,0003_1.jpg,false");

    List<CacdPairs.Pair> pairs = CacdPairs.read(folder);

    assertThat(pairs)
        .containsExactly(
            new CacdPairs.Pair("0000", 1, "0000_0.jpg", "0000_1.jpg", true),
            new CacdPairs.Pair("0001", 1, "0001_0.jpg", "0001_1.jpg", false),
            new CacdPairs.Pair("0002", 2, "0002_0.jpg", "0002_1.jpg", true),
            new CacdPairs.Pair("0003", 2, "0003_0.jpg", "0003_1.jpg", false));
    assertThat(pairs.get(0).resolve1(folder))
        .isEqualTo(folder.toAbsolutePath().normalize().resolve("0000_1.jpg"));
  }

  @Test
  void badCacdRowsNameTheirLine() throws IOException {
    write("pairs.csv", "pair_id,fold,img0,img1,same", "0,1,a.jpg,b.jpg,yes");
    assertThatThrownBy(() -> CacdPairs.read(folder))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("pairs.csv:2")
        .hasMessageContaining("'yes'");

    write("pairs.csv", "pair_id,fold,img0,img1,same", "0,1,a.jpg,b.jpg,1", "1,one,a.jpg,b.jpg,1");
    assertThatThrownBy(() -> CacdPairs.read(folder))
        .hasMessageContaining(":3: fold is not a number");

    write("pairs.csv", "pair_id,fold,img0,img1,same", "0,1,../a.jpg,b.jpg,1");
    assertThatThrownBy(() -> CacdPairs.read(folder)).hasMessageContaining("escapes");

    write("pairs.csv", "pair_id,fold,img0,same", "0,1,a.jpg,1");
    assertThatThrownBy(() -> CacdPairs.read(folder)).hasMessageContaining("missing column 'img1'");
  }
}
