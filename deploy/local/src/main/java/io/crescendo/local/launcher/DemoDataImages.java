package io.crescendo.local.launcher;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Head images for the demo studies, drawn on the fly (no files to ship): a colour gradient with a
 * few soft shapes, different for every study. No text, so no fonts are needed (headless).
 */
final class DemoDataImages {

  static final int WIDTH = 960;
  static final int HEIGHT = 540;

  private static final Color[][] PALETTES = {
    {new Color(0x4F46E5), new Color(0x06B6D4)},
    {new Color(0xF97316), new Color(0xDB2777)},
    {new Color(0x059669), new Color(0x84CC16)},
    {new Color(0x0EA5E9), new Color(0x6366F1)},
    {new Color(0x9333EA), new Color(0xF43F5E)},
    {new Color(0x334155), new Color(0x14B8A6)},
  };

  private DemoDataImages() {}

  /** A PNG or JPEG for the study with this index (the same picture for the same index). */
  static byte[] cover(int index, DemoDataSet.Image type) {
    if (type == DemoDataSet.Image.NONE) {
      throw new IllegalArgumentException("no image");
    }
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // before AWT is first used
    }
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      Color[] palette = PALETTES[index % PALETTES.length];
      g.setPaint(new GradientPaint(0, 0, palette[0], WIDTH, HEIGHT, palette[1]));
      g.fillRect(0, 0, WIDTH, HEIGHT);
      Random random = new Random(31L * index + 7);
      for (int i = 0; i < 7; i++) {
        int size = 80 + random.nextInt(260);
        g.setColor(new Color(255, 255, 255, 25 + random.nextInt(45)));
        double x = random.nextInt(WIDTH) - size / 2.0;
        double y = random.nextInt(HEIGHT) - size / 2.0;
        g.fill(
            random.nextBoolean()
                ? new Ellipse2D.Double(x, y, size, size)
                : new RoundRectangle2D.Double(x, y, size * 1.4, size * 0.8, 40, 40));
      }
      // A "card" in the middle, as on a study poster.
      g.setColor(new Color(255, 255, 255, 200));
      g.fill(
          new RoundRectangle2D.Double(
              WIDTH * 0.25, HEIGHT * 0.3, WIDTH * 0.5, HEIGHT * 0.4, 36, 36));
      g.setColor(palette[0]);
      for (int line = 0; line < 3; line++) {
        double width = WIDTH * (0.38 - line * 0.08);
        g.fill(
            new RoundRectangle2D.Double(
                WIDTH * 0.31, HEIGHT * (0.38 + line * 0.09), width, HEIGHT * 0.045, 12, 12));
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      String format = type == DemoDataSet.Image.PNG ? "png" : "jpg";
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String fileName(int index, DemoDataSet.Image type) {
    return "demo-cover-" + (index + 1) + (type == DemoDataSet.Image.PNG ? ".png" : ".jpg");
  }

  static String contentType(DemoDataSet.Image type) {
    return type == DemoDataSet.Image.PNG ? "image/png" : "image/jpeg";
  }
}
