package io.homeward.gateway.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Texts of a candidate's referral to the examiners (the case page) and of a review item's origin
 * (the examiners' queue): English here, Simplified Chinese in {@code messages/ref_zh.properties}.
 */
@MessageBundle(value = "ref", locale = "en")
public interface RefMsg {
  @Message("Refer to examiners")
  String referButton();

  @Message("Refer this candidate to the face examiners?")
  String referTitle();

  @Message(
      "Two face examiners will compare the two faces independently. Nothing is sent to the family or to the other organisation.")
  String referLead();

  @Message("Note for the examiners (optional)")
  String noteLabel();

  @Message("At most 500 characters. No names, addresses or telephone numbers.")
  String noteHelp();

  @Message("Refer")
  String confirm();

  @Message("Cancel")
  String cancel();

  @Message("Referring…")
  String referring();

  @Message("Referred to examiners")
  String referred();

  @Message(
      "This candidate's case is no longer searchable (withdrawn, found or closed); it cannot be referred.")
  String notSearchable();

  @Message("This candidate is no longer known; run the search again.")
  String candidateGone();

  @Message("Origin")
  String colOrigin();

  @Message("Referred by a caseworker")
  String origin_REFERRAL();

  @Message("Raised by the system")
  String origin_STANDING_SEARCH();
}
