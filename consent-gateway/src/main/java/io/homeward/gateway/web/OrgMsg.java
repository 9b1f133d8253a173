package io.homeward.gateway.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The organisations page's texts (namespace {@code org}), and the two refusals about a deactivated
 * or unknown organisation every page may meet: English here, Simplified Chinese in {@code
 * messages/org_zh.properties}.
 */
@MessageBundle(value = "org", locale = "en")
public interface OrgMsg {
  @Message("Organisations")
  String titleOrganisations();

  @Message("Organisations")
  String navOrganisations();

  @Message(
      "Every user belongs to one organisation. Create an organisation before its users; rename it or change its kind at any time. A deactivated organisation keeps its cases and records, but its users can no longer sign in.")
  String intro();

  @Message("New organisation")
  String newOrganisation();

  @Message("Id")
  String id();

  @Message(
      "1 to 64 letters, digits, dots, dashes or underscores. The id never changes; tokens of your identity provider name it.")
  String idHint();

  @Message("Name")
  String displayName();

  @Message("Leave empty to use the id.")
  String displayNameHint();

  @Message("Kind")
  String kind();

  @Message("NGO")
  String kind_NGO();

  @Message("Police")
  String kind_POLICE();

  @Message("Other")
  String kind_OTHER();

  @Message("Create organisation")
  String create();

  @Message("Organisation $1 created.")
  String created();

  @Message("Id")
  String colId();

  @Message("Name")
  String colName();

  @Message("Kind")
  String colKind();

  @Message("Users")
  String colUsers();

  @Message("Cases")
  String colCases();

  @Message("Status")
  String colStatus();

  @Message("Created")
  String colCreated();

  @Message("Actions")
  String colActions();

  @Message("Active")
  String active();

  @Message("Deactivated")
  String inactive();

  @Message("Change")
  String change();

  @Message("Change $1")
  String changeNamed();

  @Message("Change organisation")
  String changeHeading();

  @Message("Choose an organisation in the list to rename it, change its kind, or deactivate it.")
  String changeIntro();

  @Message("Save")
  String save();

  @Message("Deactivate")
  String deactivate();

  @Message("Reactivate")
  String reactivate();

  @Message("Saved.")
  String saved();

  @Message("Organisation $1 is deactivated: its users are signed out and can no longer sign in.")
  String deactivated();

  @Message("Organisation $1 is active again.")
  String reactivated();

  @Message("No organisations yet.")
  String none();

  @Message("No active organisation: create one on the Organisations page first.")
  String noneActive();

  @Message("Your organisation has been deactivated by an administrator. Ask your administrator.")
  String problem_organisation_inactive();

  @Message(
      "This organisation does not exist or is deactivated. Choose one from the list, or create it on the Organisations page.")
  String problem_organisation_unknown();
}
