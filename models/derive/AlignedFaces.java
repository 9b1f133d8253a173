import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.EngineSettings;
import io.homeward.tools.fit.IdentitySplit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Development only (calibrate.sh): aligned 112x112 faces of LAG train identities (seed 7, the split
 * the bundled projection and `homeward eval` use, so no test identity calibrates the int8 model),
 * young and adult photos alike, every 3rd row, as raw RGB bytes for derive.py calibrate.
 *
 * <p>java -cp tools/target/classes:$(cat tools/target/tool.classpath) AlignedFaces.java LAG OUT N
 */
public class AlignedFaces {
  public static void main(String[] args) throws Exception {
    Path lag = Path.of(args[0]);
    int wanted = Integer.parseInt(args[2]);
    IdentitySplit split = new IdentitySplit(7, 0.3);
    List<String> rows = Files.readAllLines(lag.resolve("manifest.csv"));
    Path models = Path.of(System.getProperty("user.home"), ".cache", "homeward", "models");
    String env = System.getenv("HOMEWARD_MODELS_DIR");
    if (env != null && !env.isBlank()) {
      models = Path.of(env);
    }
    int written = 0;
    try (EmbedderEngine engine = EmbedderEngine.start(EngineSettings.defaults(models).withWorkers(1));
        OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
      for (int i = 1; i < rows.size() && written < wanted; i += 3) {
        String[] f = rows.get(i).split(",");
        if (split.isTest(f[1])) {
          continue;
        }
        byte[] photo = Files.readAllBytes(lag.resolve("images").resolve(f[0]));
        byte[] png;
        try {
          png = engine.align(photo, Optional.empty(), 112).get().png();
        } catch (Exception noFace) {
          continue;
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        byte[] rgb = new byte[112 * 112 * 3];
        for (int y = 0; y < 112; y++) {
          for (int x = 0; x < 112; x++) {
            int p = img.getRGB(x, y);
            int o = (y * 112 + x) * 3;
            rgb[o] = (byte) (p >> 16);
            rgb[o + 1] = (byte) (p >> 8);
            rgb[o + 2] = (byte) p;
          }
        }
        out.write(rgb);
        written++;
      }
    }
    System.out.println("aligned faces written: " + written);
  }
}
