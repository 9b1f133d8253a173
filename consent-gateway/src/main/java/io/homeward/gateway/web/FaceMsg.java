package io.homeward.gateway.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The case page's texts for the quality verdict on a photo and the hand-drawn face box: English
 * here, Simplified Chinese in {@code messages/face_zh.properties}.
 */
@MessageBundle(value = "face", locale = "en")
public interface FaceMsg {
  @Message("Where the face is")
  String faceHeading();

  @Message("The face the quality check judged")
  String faceFound();

  @Message("What is wrong with the face:")
  String issuesLead();

  @Message("The face is too small; use a closer or larger photo.")
  String issue_FACE_TOO_SMALL();

  @Message("It is not clear that this is a face.")
  String issue_LOW_DETECTOR_SCORE();

  @Message("The face is blurred.")
  String issue_BLURRY();

  @Message("The face is turned too far away from the camera.")
  String issue_POSE_TOO_EXTREME();

  @Message("The face is too dark.")
  String issue_UNDEREXPOSED();

  @Message("The face is too bright.")
  String issue_OVEREXPOSED();

  @Message("The face has too little contrast.")
  String issue_LOW_CONTRAST();

  @Message("The face is cut off at the edge of the photo.")
  String issue_FACE_CUT_OFF();

  @Message(
      "No face was found. Draw a box around the face on the photo, then upload it again with the box.")
  String noFaceDraw();

  @Message(
      "Drag on the photo to draw the box, or type it in pixels below. With the box focused, the arrow keys move it and Shift with the arrow keys resizes it.")
  String drawHelp();

  @Message("Face box: arrow keys move it, Shift with arrow keys resizes it")
  String boxLabel();

  @Message("Left (pixels)")
  String boxX();

  @Message("Top (pixels)")
  String boxY();

  @Message("Width (pixels)")
  String boxWidth();

  @Message("Height (pixels)")
  String boxHeight();

  @Message("Upload with this face box")
  String resubmit();

  @Message("You gave a face box; it is used when no face is detected on the whole photo.")
  String manualBoxUsed();

  @Message("The face box cannot be used:")
  String boxInvalid();

  @Message("Draw the face box first.")
  String drawFirst();
}
