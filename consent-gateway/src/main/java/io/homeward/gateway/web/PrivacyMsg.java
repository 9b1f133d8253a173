package io.homeward.gateway.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The privacy flows' pages' texts (namespace {@code prv}): the one-time search with a stranger's
 * photo (rules 7, 20) and the police alert posters (rule 15). English here, Simplified Chinese in
 * {@code messages/prv_zh.properties}.
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

  @Message("Withdrawn")
  String colWithdrawn();

  @Message("No poster.")
  String noPosters();

  @Message("Show")
  String show();

  @Message("the case was found or closed")
  String whyCaseFound();

  @Message("consent was withdrawn")
  String whyWithdrawal();

  @Message("No photo of this case can be used.")
  String noPhotos();
}
