package io.homeward.gateway.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the subject's-rights and re-confirmation pages (namespace {@code prv}, PRIVACY.md
 * rules 21 and 22, audit retention): English here, Simplified Chinese in {@code
 * messages/prv_zh.properties}. Kept apart from {@link Msg} so each page family owns its texts.
 */
@MessageBundle(value = "prv", locale = "en")
public interface PrivacyMsg {
  @Message("Yearly re-confirmation")
  String reconfirmHeading();

  @Message(
      "A missing person's case is re-confirmed by the guardian every 12 months. Cases not re-confirmed in time stop being searched until the guardian re-confirms them. Contact the guardian, then record the re-confirmation here.")
  String reconfirmIntro();

  @Message("Standing")
  String colStanding();

  @Message("Last confirmed")
  String colConfirmed();

  @Message("Due")
  String colDue();

  @Message("Action")
  String colAction();

  @Message("Due soon")
  String standingDue();

  @Message("Overdue")
  String standingOverdue();

  @Message("Lapsed: not searched")
  String standingLapsed();

  @Message("Guardian re-confirmed")
  String reconfirmButton();

  @Message("Record the guardian's re-confirmation of case $1")
  String reconfirmButtonLabel();

  @Message("Case $1 re-confirmed; it is searched again.")
  String reconfirmedReopened();

  @Message("Case $1 re-confirmed until $2.")
  String reconfirmedUntil();

  @Message("No case needs re-confirmation.")
  String noReconfirmations();

  @Message(
      "Records through no. $1 were removed under audit retention (all older than $2; anchor signed $3); the chain is verified from that signed anchor on.")
  String chainAnchored();

  @Message("Access requests")
  String navSubjectAccess();

  @Message("Access and correction requests")
  String titleSubjectAccess();

  @Message(
      "A subject (or their guardian) may ask what is held about them and have it corrected. Enter the case: the report lists everything held about its subject, the photos watermarked for the subject's own eyes, the case's history from the audit, and what police confidentiality withholds. Print it for the subject. Making the report is audited.")
  String subjectAccessIntro();

  @Message("Whose request")
  String requestFor();

  @Message("Make the access report")
  String makeAccessReport();

  @Message("Case")
  String sectionCase();

  @Message("Data about the subject")
  String sectionSubject();

  @Message("Consents")
  String sectionConsents();

  @Message("Photos")
  String sectionPhotos();

  @Message("For the subject's own eyes: each photo is watermarked with who showed it and when.")
  String photosNote();

  @Message("Where the case was searched and who viewed it")
  String sectionHistory();

  @Message("Withheld")
  String sectionWithheld();

  @Message("Legal basis")
  String colBasis();

  @Message("Given by")
  String colGivenBy();

  @Message("Relationship")
  String colRelationship();

  @Message("Granted")
  String colGranted();

  @Message("Verified")
  String colVerified();

  @Message("Withdrawn")
  String colWithdrawn();

  @Message("Justification")
  String colJustification();

  @Message("Shown")
  String colDisplayed();

  @Message("Access report for the subject of case $1")
  String accessReportOf();

  @Message("Made $1 by $2 ($3).")
  String accessReportGenerated();

  @Message("Side")
  String side();

  @Message("Status")
  String status();

  @Message("Registered")
  String registered();

  @Message("Closed")
  String closed();

  @Message("Subject (pseudonymous id)")
  String subjectId();

  @Message("Birth years")
  String birthYears();

  @Message("Event date")
  String eventDate();

  @Message("Region code")
  String regionCode();

  @Message("Location")
  String location();

  @Message("Protected person")
  String protectedPerson();

  @Message("Refused disclosure")
  String disclosureRefused();

  @Message("No photos are held.")
  String noPhotos();

  @Message("Photo $1, watermarked")
  String photoAlt();

  @Message("Nothing is withheld.")
  String noWithheld();

  @Message("The history is longer; the first $1 steps are shown.")
  String historyTruncated();

  @Message("Correct the subject's data")
  String correctHeading();

  @Message(
      "Change only what the subject asked to have corrected; the other fields stay as they are. The same checks as for a new case apply, and the change is audited.")
  String correctIntro();

  @Message("Unchanged")
  String unchanged();

  @Message("Apply the correction")
  String applyCorrection();

  @Message("Corrected. The report below shows the data as it now stands.")
  String corrected();

  @Message("Fill in at least one field to correct.")
  String nothingToCorrect();

  @Message("Enter a case id.")
  String needsCase();
}
