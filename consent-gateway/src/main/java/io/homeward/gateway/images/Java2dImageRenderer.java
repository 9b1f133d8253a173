package io.homeward.gateway.images;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * {@link ImageRenderer} on headless Java2D and ImageIO.
 *
 * <p>Decoding reads the dimensions from the header first and refuses images over the pixel limit
 * (decompression bombs), then decodes subsampled close to the display size, so memory stays bounded
 * by the display size. Damaged images (decoder warnings, such as a truncated JPEG) are refused
 * rather than shown half grey. Nothing touches the disk: ImageIO's file cache is off.
 *
 * <p>Blurring is irreversible: the image is reduced to {@value #BLUR_CELLS} cells along its longest
 * side (each the mean of its pixels), then box-blurred three times with a radius of one cell. The
 * output holds no more information than those few cell means.
 *
 * <p>Every output carries the watermark twice: repeated diagonally across the whole image,
 * semi-transparent, and on a solid strip added below it. The output is a JPEG without metadata (no
 * EXIF, no location). Thread-safe.
 */
public final class Java2dImageRenderer implements ImageRenderer {
  static final int BLUR_CELLS = 12;
  private static final Set<String> FORMATS = Set.of("jpeg", "png", "bmp", "webp");

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    // Keep decoded face bytes off the disk (ImageIO otherwise caches streams in temporary files).
    ImageIO.setUseCache(false);
  }

  private final int displaySize;
  private final long maxPixels;
  private final float jpegQuality;

  /**
   * @param displaySize longest side of the output image, before the watermark strip
   * @param maxPixels largest decoded image, in pixels
   * @param jpegQuality JPEG quality, from 0 to 1
   * @throws IllegalStateException when text cannot be drawn here (no fonts), so the watermark would
   *     be impossible
   */
  public Java2dImageRenderer(int displaySize, long maxPixels, float jpegQuality) {
    if (displaySize < 32) {
      throw new IllegalArgumentException("displaySize must be at least 32");
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive");
    }
    if (!(jpegQuality > 0 && jpegQuality <= 1)) {
      throw new IllegalArgumentException("jpegQuality must be in (0, 1]");
    }
    this.displaySize = displaySize;
    this.maxPixels = maxPixels;
    this.jpegQuality = jpegQuality;
    try {
      watermark(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "probe");
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException(
          "Cannot draw text for the image watermark (install fontconfig and a font)", e);
    }
  }

  @Override
  public byte[] render(byte[] image, boolean blurred, String watermark) {
    if (watermark == null || watermark.isBlank()) {
      throw new IllegalArgumentException("every image shown needs a watermark");
    }
    return encode(watermark(prepare(image, blurred), watermark));
  }

  /** Decodes, scales and, if asked, blurs: the displayed image before its watermark. */
  BufferedImage prepare(byte[] image, boolean blurred) {
    BufferedImage scaled = scale(decode(image));
    return blurred ? blur(scaled) : scaled;
  }

  private BufferedImage decode(byte[] image) {
    if (image == null || image.length == 0) {
      throw new UnrenderableImageException("Empty image", null);
    }
    boolean webp = isWebp(image);
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
      ImageReader reader = reader(in);
      if (reader == null) {
        throw new UnrenderableImageException(
            webp
                ? "WebP images cannot be decoded here (no WebP decoder for ImageIO)"
                : "Not a JPEG, PNG, WebP or BMP image",
            null);
      }
      try {
        reader.setInput(in, true, true);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
          throw new UnrenderableImageException("Image without pixels", null);
        }
        if ((long) width * height > maxPixels) {
          throw new UnrenderableImageException(
              "Image of " + width + "x" + height + " exceeds " + maxPixels + " pixels", null);
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, Math.max(width, height) / (2 * displaySize));
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage decoded = reader.read(0, param);
        if (!warnings.isEmpty()) {
          throw new UnrenderableImageException("Damaged image: " + warnings.get(0), null);
        }
        return decoded;
      } finally {
        reader.dispose();
      }
    } catch (UnrenderableImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Decoders throw unchecked exceptions on malformed input too.
      throw new UnrenderableImageException("Undecodable image", e);
    }
  }

  private static ImageReader reader(ImageInputStream in) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    while (readers.hasNext()) {
      ImageReader reader = readers.next();
      if (reader.getOriginatingProvider() != null) {
        for (String name : reader.getOriginatingProvider().getFormatNames()) {
          if (FORMATS.contains(name.toLowerCase(Locale.ROOT))) {
            return reader;
          }
        }
      }
      reader.dispose();
    }
    return null;
  }

  private static boolean isWebp(byte[] image) {
    return image.length >= 12
        && image[0] == 'R'
        && image[1] == 'I'
        && image[2] == 'F'
        && image[3] == 'F'
        && image[8] == 'W'
        && image[9] == 'E'
        && image[10] == 'B'
        && image[11] == 'P';
  }

  /** Fits the longest side into the display size (never enlarging), on an opaque RGB canvas. */
  private BufferedImage scale(BufferedImage source) {
    int width = source.getWidth();
    int height = source.getHeight();
    double factor = Math.min(1.0, (double) displaySize / Math.max(width, height));
    int targetWidth = Math.max(1, (int) Math.round(width * factor));
    int targetHeight = Math.max(1, (int) Math.round(height * factor));
    BufferedImage current = resize(source, width, height, Color.WHITE);
    // Halve first: one bicubic step over more than 2x would alias.
    while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
      current = resize(current, current.getWidth() / 2, current.getHeight() / 2, null);
    }
    if (current.getWidth() != targetWidth || current.getHeight() != targetHeight) {
      current = resize(current, targetWidth, targetHeight, null);
    }
    return current;
  }

  private static BufferedImage resize(BufferedImage source, int width, int height, Color fill) {
    BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      if (fill != null) {
        g.setColor(fill);
        g.fillRect(0, 0, width, height);
      }
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return target;
  }

  /** Cell means, then three box blurs of one cell's radius: nothing finer than a cell survives. */
  static BufferedImage blur(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int cell = Math.max(1, (int) Math.ceil(Math.max(width, height) / (double) BLUR_CELLS));
    int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
    int[][] channels = new int[3][width * height];
    for (int cy = 0; cy < height; cy += cell) {
      for (int cx = 0; cx < width; cx += cell) {
        int yEnd = Math.min(height, cy + cell);
        int xEnd = Math.min(width, cx + cell);
        long[] sums = new long[3];
        for (int y = cy; y < yEnd; y++) {
          for (int x = cx; x < xEnd; x++) {
            int p = pixels[y * width + x];
            sums[0] += (p >> 16) & 0xff;
            sums[1] += (p >> 8) & 0xff;
            sums[2] += p & 0xff;
          }
        }
        int count = (yEnd - cy) * (xEnd - cx);
        for (int c = 0; c < 3; c++) {
          int mean = (int) (sums[c] / count);
          for (int y = cy; y < yEnd; y++) {
            for (int x = cx; x < xEnd; x++) {
              channels[c][y * width + x] = mean;
            }
          }
        }
      }
    }
    for (int[] channel : channels) {
      for (int pass = 0; pass < 3; pass++) {
        boxBlur(channel, width, height, cell, true);
        boxBlur(channel, width, height, cell, false);
      }
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (channels[0][i] << 16) | (channels[1][i] << 8) | channels[2][i];
    }
    out.setRGB(0, 0, width, height, pixels, 0, width);
    return out;
  }

  /** A running-sum box blur along rows or columns, edges clamped. */
  private static void boxBlur(int[] data, int width, int height, int radius, boolean rows) {
    int lines = rows ? height : width;
    int length = rows ? width : height;
    int stride = rows ? 1 : width;
    int[] line = new int[length];
    int window = 2 * radius + 1;
    for (int l = 0; l < lines; l++) {
      int start = rows ? l * width : l;
      for (int i = 0; i < length; i++) {
        line[i] = data[start + i * stride];
      }
      long sum = 0;
      for (int i = -radius; i <= radius; i++) {
        sum += line[clamp(i, length)];
      }
      for (int i = 0; i < length; i++) {
        data[start + i * stride] = (int) (sum / window);
        sum += line[clamp(i + radius + 1, length)] - line[clamp(i - radius, length)];
      }
    }
  }

  private static int clamp(int i, int length) {
    return i < 0 ? 0 : (i >= length ? length - 1 : i);
  }

  /**
   * Draws the text diagonally across the whole image, semi-transparent (light with a dark shadow,
   * visible on any background), and adds a solid strip below the image with the text again.
   */
  static BufferedImage watermark(BufferedImage image, String text) {
    int width = image.getWidth();
    int height = image.getHeight();
    int fontSize = Math.max(10, Math.min(width, height) / 18);
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, fontSize);
    Graphics2D g = image.createGraphics();
    try {
      antialias(g);
      g.setFont(font);
      FontMetrics metrics = g.getFontMetrics();
      int stepX = metrics.stringWidth(text) + 2 * fontSize;
      int stepY = 3 * fontSize;
      int reach = (int) Math.ceil(Math.hypot(width, height));
      AffineTransform original = g.getTransform();
      g.rotate(-Math.PI / 6, width / 2.0, height / 2.0);
      // A dark outline under light text keeps the mark visible on white shirts and dark hair alike.
      Color shadow = new Color(0, 0, 0, 110);
      Color light = new Color(255, 255, 255, 130);
      int row = 0;
      for (int y = -reach; y < height + reach; y += stepY, row++) {
        int offset = (row % 2) * stepX / 2;
        for (int x = -reach - offset; x < width + reach; x += stepX) {
          g.setColor(shadow);
          g.drawString(text, x + 1, y + 1);
          g.drawString(text, x - 1, y - 1);
          g.setColor(light);
          g.drawString(text, x, y);
        }
      }
      g.setTransform(original);
    } finally {
      g.dispose();
    }
    return withStrip(image, text, font);
  }

  private static BufferedImage withStrip(BufferedImage image, String text, Font font) {
    int width = image.getWidth();
    int height = image.getHeight();
    Font stripFont = font.deriveFont(Font.PLAIN, Math.max(10f, font.getSize2D() * 0.8f));
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D measure = probe.createGraphics();
    FontMetrics metrics;
    try {
      metrics = measure.getFontMetrics(stripFont);
      // Shrink the text to fit the width, down to a legible minimum.
      while (metrics.stringWidth(text) > width - 8 && stripFont.getSize2D() > 8f) {
        stripFont = stripFont.deriveFont(stripFont.getSize2D() - 1f);
        metrics = measure.getFontMetrics(stripFont);
      }
    } finally {
      measure.dispose();
    }
    int strip = metrics.getHeight() + 6;
    BufferedImage out = new BufferedImage(width, height + strip, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      antialias(g);
      g.drawImage(image, 0, 0, null);
      g.setColor(Color.BLACK);
      g.fillRect(0, height, width, strip);
      g.setColor(Color.WHITE);
      g.setFont(stripFont);
      g.drawString(text, 4, height + 3 + metrics.getAscent());
    } finally {
      g.dispose();
    }
    return out;
  }

  private static void antialias(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
  }

  private byte[] encode(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(jpegQuality);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new IllegalStateException("Could not encode a JPEG", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
