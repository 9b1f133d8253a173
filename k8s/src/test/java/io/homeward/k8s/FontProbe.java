package io.homeward.k8s;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Run inside an unpacked image ({@link ContainerImagesSmokeTest}): draws the gateway watermark's
 * font (sans-serif, bold) as its renderer does, which needs fontconfig, a font file and FreeType in
 * the image. Prints the face Java2D found, and how many pixels the text set.
 */
public final class FontProbe {
  private FontProbe() {}

  public static void main(String[] args) {
    BufferedImage image = new BufferedImage(200, 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    g.setFont(font);
    g.drawString("Homeward", 5, 28);
    g.dispose();
    int set = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) != 0) {
          set++;
        }
      }
    }
    System.out.println("font " + font.getFontName() + " pixels " + set);
    System.exit(set > 50 ? 0 : 1);
  }
}
