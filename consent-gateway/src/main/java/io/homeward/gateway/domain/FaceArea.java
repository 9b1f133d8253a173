package io.homeward.gateway.domain;

/**
 * A face's box in a photo's pixels after EXIF orientation: as the embedder found it, or as a person
 * drew it.
 *
 * @param x left edge
 * @param y top edge
 * @param width width in pixels
 * @param height height in pixels
 */
public record FaceArea(int x, int y, int width, int height) {}
