package io.homeward.gateway.domain;

import java.util.List;

/**
 * What the quality gate saw in a photo, for the person who uploaded it: the photo's size after EXIF
 * orientation and each face with its box and issues (none for an accepted face). No vector, no
 * landmark: the page needs only where the face is and why it was refused.
 *
 * @param width the photo's width in pixels after EXIF orientation
 * @param height its height
 * @param faces the faces the gate judged (empty when none was found)
 * @param manualBox whether the face came from a box a person drew
 */
public record PhotoVerdict(int width, int height, List<Face> faces, boolean manualBox) {
  public PhotoVerdict {
    faces = List.copyOf(faces);
  }

  /** One face: where it is and what is wrong with it (empty: nothing). */
  public record Face(FaceArea box, List<FaceIssue> issues) {
    public Face {
      issues = List.copyOf(issues);
    }
  }
}
