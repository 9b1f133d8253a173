package io.homeward.gateway.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The oversight and administration pages' texts (namespace {@code ovs}): English here, Simplified
 * Chinese in {@code messages/ovs_zh.properties}. Kept apart from {@link Msg} so each page family
 * owns its texts.
 */
@MessageBundle(value = "ovs", locale = "en")
public interface OversightMsg {
  @Message("Audit records")
  String titleAudit();

  @Message(
      "Every request to the system, newest first, as the audit chain holds it. Personal fields are opened where the subject's key still exists; where it was destroyed (erasure) the record shows a tombstone.")
  String auditIntro();

  @Message("Audit chain")
  String chainHeading();

  @Message("The chain is intact.")
  String chainIntact();

  @Message("The chain is broken.")
  String chainBroken();

  @Message("First broken record: no. $1.")
  String chainBrokenAt();

  @Message("$1 records, $2 signed checkpoints.")
  String chainCounts();

  @Message("Verify again")
  String verifyAgain();

  @Message("Filter")
  String filterHeading();

  @Message("Records")
  String recordsHeading();

  @Message("Actor")
  String actor();

  @Message("Organisation")
  String organisation();

  @Message("Case id")
  String caseId();

  @Message("Action")
  String action();

  @Message("Decision")
  String decision();

  @Message("From (day)")
  String from();

  @Message("To (day, included)")
  String to();

  @Message("Any")
  String any();

  @Message("Apply")
  String apply();

  @Message("Allowed")
  String decisionAllowed();

  @Message("Refused")
  String decisionDenied();

  @Message("(override)")
  String override();

  @Message("No.")
  String colSeq();

  @Message("Time")
  String colAt();

  @Message("Role")
  String colRole();

  @Message("Purpose")
  String colPurpose();

  @Message("Detail")
  String colDetail();

  @Message("Personal fields")
  String colPersonal();

  @Message("No record matches.")
  String noRecords();

  @Message("Opened")
  String personalOpened();

  @Message("Tombstone: the subject's key was destroyed")
  String personalTombstone();

  @Message("Sealed")
  String personalSealed();

  @Message("subjects")
  String personalSubjects();

  @Message("candidates")
  String personalCandidates();

  @Message("verdicts")
  String personalVerdicts();

  @Message("justification")
  String personalJustification();

  @Message("First page")
  String firstPage();

  @Message("Next page")
  String nextPage();

  @Message("Alerts and accounts")
  String titleAlerts();

  @Message(
      "Silent alerts raised by the rules (protected persons, lock-outs, emergencies) and the accounts that need a look.")
  String alertsIntro();

  @Message("Alerts")
  String alertsHeading();

  @Message("State")
  String state();

  @Message("Open")
  String stateOpen();

  @Message("Acknowledged")
  String stateAcknowledged();

  @Message("Resolved")
  String stateResolved();

  @Message("Raised")
  String colRaised();

  @Message("Kind")
  String colKind();

  @Message("About")
  String colAbout();

  @Message("Note")
  String colNote();

  @Message("Actions")
  String colActions();

  @Message("Acknowledge")
  String acknowledge();

  @Message("Resolve")
  String resolve();

  @Message("Note for alert $1")
  String noteFor();

  @Message("No alert in this state.")
  String noAlerts();

  @Message("Accounts to look at")
  String accountsHeading();

  @Message(
      "Accounts flagged for repeated protected-person hits (rule 14) or locked by the rate limits (rule 16). Unlock an account only after reviewing its records.")
  String accountsIntro();

  @Message("Flag")
  String colFlag();

  @Message("Protected-person hits")
  String colHits();

  @Message("Flagged")
  String flagged();

  @Message("Locked")
  String locked();

  @Message("Unlock")
  String unlock();

  @Message("Account $1 unlocked.")
  String unlocked();

  @Message("No account is flagged or locked.")
  String noAccounts();

  @Message("Audit report")
  String titleReport();

  @Message(
      "A printable report of every audit record about one case or by one actor. Type a case id or an actor; the address stays the same.")
  String reportIntro();

  @Message("Report on")
  String reportFor();

  @Message("Make the report")
  String makeReport();

  @Message("Print")
  String print();

  @Message("Type a case id or an actor.")
  String reportNeedsOne();

  @Message("Audit report: $1")
  String reportOf();

  @Message("The report stops at $1 records; narrow the dates for the rest.")
  String reportTruncated();

  @Message("Made on $1 by $2 ($3).")
  String reportGenerated();

  @Message("$1 records.")
  String reportCount();

  @Message("Configuration")
  String titleConfiguration();

  @Message(
      "The values this system runs with, read-only: limits, bands, session timeouts and retention periods. Secrets, keys, paths and database addresses are never shown. Changing a value is done in the configuration file and needs a restart.")
  String configurationIntro();

  @Message("Setting")
  String colSetting();

  @Message("Value")
  String colValue();

  @Message("Rule")
  String colRule();

  @Message("Limits per user and case")
  String groupLimits();

  @Message("Search and display")
  String groupSearch();

  @Message("Accounts and sessions")
  String groupSessions();

  @Message("Retention periods")
  String groupRetention();

  @Message("Input limits")
  String groupInput();

  @Message("A search hit a protected person")
  String kindProtectedPersonHit();

  @Message("A protected person's image was viewed")
  String kindProtectedPersonView();

  @Message("A protected person was a candidate")
  String kindProtectedPersonCandidate();

  @Message("An account was locked")
  String kindAccountLocked();

  @Message("A vital-emergency basis to review")
  String kindVitalEmergencyReview();

  @Message("An emergency basis expired")
  String kindEmergencyBasisExpired();

  @Message("A guardian notice is due")
  String kindGuardianNoticeDue();

  @Message("A case needs reconfirmation")
  String kindReconfirmationDue();

  @Message("Audit")
  String navAudit();

  @Message("Alerts")
  String navAlerts();

  @Message("Report")
  String navReport();

  @Message("Configuration")
  String navConfiguration();

  @Message("Erasures")
  String navErasures();

  @Message("Withdrawals and erasures")
  String titleErasures();

  @Message(
      "Your organisation's cases on their way out: a withdrawn consent erases the images, the index entries and the subject's audit key at once (rule 18); a closed case keeps its minimal record until the purge date (rule 19). Each row says what is done and what is left.")
  String erasuresIntro();

  @Message("Cases until their purge")
  String erasuresHeading();

  @Message("Reason")
  String colReason();

  @Message("Since")
  String colSince();

  @Message("Stage")
  String colStage();

  @Message("Images left")
  String colImages();

  @Message("Index removal")
  String colIndex();

  @Message("Audit key")
  String colKey();

  @Message("Purged on")
  String colPurge();

  @Message("Consent withdrawn")
  String reasonWithdrawal();

  @Message("Case closed")
  String reasonClosure();

  @Message("Erasing")
  String stageErasing();

  @Message("Minimal record only")
  String stageMinimalRecord();

  @Message("Pending")
  String pending();

  @Message("Done")
  String done();

  @Message("Kept until the purge")
  String kept();

  @Message("No case is being erased or waiting for its purge.")
  String noErasures();

  @Message("Unreadable: the sealed fields do not open (altered?)")
  String personalUnreadable();
}
