package io.homeward.gateway.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The bulk import page's texts (namespace {@code imp}): English here, Simplified Chinese in {@code
 * messages/imp_zh.properties}.
 */
@MessageBundle(value = "imp", locale = "en")
public interface ImportMsg {
  @Message("Imports")
  String navImports();

  @Message("Bulk import")
  String titleImports();

  @Message(
      "Register many cases at once from another system. Each record goes through the same consent rules, quality gate and audit as a case registered by hand; a refused record is reported with its reason and nothing of it is kept.")
  String importsIntro();

  @Message("New import")
  String uploadHeading();

  @Message(
      "A zip archive holding manifest.jsonl (one record a line: key, side, subject, consent, photos) and the photos it names. At most 500 records and 20 MB an archive; the command ./homeward import sends larger sets in batches.")
  String uploadHelp();

  @Message("Archive (.zip)")
  String archiveLabel();

  @Message("Import")
  String startImport();

  @Message("Choose an archive first.")
  String chooseArchive();

  @Message("Received: $1 new records, $2 already imported, $3 refused at once.")
  String received();

  @Message("Import jobs")
  String jobsHeading();

  @Message("Job")
  String colJob();

  @Message("Started")
  String colStarted();

  @Message("Done")
  String colDone();

  @Message("Refused")
  String colRefused();

  @Message("Left")
  String colLeft();

  @Message("Records per second")
  String colRate();

  @Message("Time left")
  String colTimeLeft();

  @Message("Refusals")
  String colReport();

  @Message("Download CSV")
  String downloadReport();

  @Message("none")
  String noRefusals();

  @Message("finished")
  String finished();

  @Message("waits for tomorrow: the organisation's import allowance of the day is used up")
  String waitingForTomorrow();

  @Message("$1 s")
  String seconds();

  @Message("No import yet.")
  String noJobs();

  @Message("First page")
  String firstPage();

  @Message("Next page")
  String nextPage();
}
