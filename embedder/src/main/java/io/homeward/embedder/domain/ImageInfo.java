package io.homeward.embedder.domain;

/**
 * A decoded image's facts.
 *
 * @param width width after EXIF orientation was applied
 * @param height height after EXIF orientation was applied
 * @param format {@code jpeg}, {@code png}, {@code webp}, {@code bmp} or {@code tiff}
 * @param exifOrientation the EXIF orientation tag that was applied (1 = none)
 */
public record ImageInfo(int width, int height, String format, int exifOrientation) {}
