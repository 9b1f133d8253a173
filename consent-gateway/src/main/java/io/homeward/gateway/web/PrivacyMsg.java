package io.homeward.gateway.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The privacy flows' pages' texts (namespace {@code prv}): the one-time search with a stranger's
 * photo (rules 7, 20), the police alert posters (rule 15), the subject's-rights and re-confirmation
 * pages (rules 21 and 22, audit retention). English here, Simplified Chinese in {@code
 * messages/prv_zh.properties}. Kept apart from {@link Msg} so each page family owns its texts.
 */
@MessageBundle(value = "prv", locale = "en")
public interface PrivacyMsg {
  @Message("One-time search")
  String navOneTime();

  @Message("One-time search with a stranger's photo")
  String titleOneTime();

  @Message(
      "A photo of a stranger (a child begging in the street) may be searched once. It is never enrolled, and it is deleted within 24 hours unless a case is opened from it. Without a case it is also deleted when you sign out. The audit log keeps only a keyed hash of it.")
  String oneTimeIntro();

  @Message("The stranger's photo")
  String photoHeading();

  @Message("Under an open case (optional)")
  String underCase();

  @Message("Leave empty to search without a case: the photo is then deleted when you sign out.")
  String underCaseHint();

  @Message("Choose a photo")
  String choosePhoto();

  @Message("Search once")
  String searchOnce();

  @Message("Result")
  String resultHeading();

  @Message("No candidate above the threshold.")
  String noCandidates();

  @Message("Rank")
  String colRank();

  @Message("Case")
  String colCase();

  @Message("Band")
  String colBand();

  @Message("Age band")
  String colAgeBand();

  @Message("Your one-time searches")
  String mineHeading();

  @Message("Received")
  String colReceived();

  @Message("Photo")
  String colPhoto();

  @Message("Deleted by")
  String colDeleteAfter();

  @Message("No one-time search yet.")
  String noneYet();

  @Message("held")
  String held();

  @Message("deleted")
  String deleted();

  @Message("kept with case $1")
  String keptWith();

  @Message("at sign-out, or by $1")
  String atSignOut();

  @Message("Keep with a case opened from it")
  String keepHeading();

  @Message("Case opened from the photo")
  String keepCase();

  @Message("Keep the photo")
  String keepButton();

  @Message("Delete now")
  String deleteNow();

  @Message("Choose a photo first.")
  String needPhoto();

  @Message("The photo is kept with case $1.")
  String keptDone();

  @Message("searched")
  String searched();

  @Message("not searched")
  String notSearched();

  @Message("Actions")
  String colActions();

  @Message("New alert poster")
  String navNewPoster();

  @Message("Alert posters")
  String navPosters();

  @Message("New police alert poster")
  String titleNewPoster();

  @Message(
      "Publication happens only through a police-authorised alert: one of the case's photos, watermarked, with the contact of your police unit (never the family's). It expires by itself and is withdrawn within an hour of the case being found.")
  String newPosterIntro();

  @Message("Case id (an open missing case)")
  String posterCase();

  @Message("Load the case's photos")
  String loadPhotos();

  @Message("Approved photo")
  String posterPhoto();

  @Message("Police unit")
  String policeUnit();

  @Message("The unit's telephone or address")
  String unitContact();

  @Message("Justification")
  String justification();

  @Message("Valid for (days)")
  String validDays();

  @Message("Publish the poster")
  String publish();

  @Message("Police alert")
  String titlePoster();

  @Message("MISSING PERSON")
  String posterBanner();

  @Message("If you have seen this person, contact:")
  String posterContactLead();

  @Message("Valid until $1. Alert $2.")
  String posterValidity();

  @Message("Print")
  String print();

  @Message(
      "Public alert posters of your organisation: active, expired and withdrawn. The photo is not shown here.")
  String postersIntro();

  @Message("State")
  String colState();

  @Message("All")
  String stateAll();

  @Message("Active")
  String stateActive();

  @Message("Expired")
  String stateExpired();

  @Message("Withdrawn")
  String stateWithdrawn();

  @Message("Created")
  String colCreated();

  @Message("By")
  String colBy();

  @Message("Expires")
  String colExpires();

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

  @Message("Taken down")
  String colTakenDown();

  @Message("No poster.")
  String noPosters();

  @Message("Show")
  String show();

  @Message("the case was found or closed")
  String whyCaseFound();

  @Message("consent was withdrawn")
  String whyWithdrawal();

  @Message("No photo of this case can be used.")
  String noPosterPhotos();

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
