package io.homeward.gateway.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The sign-in page's texts for signing in at the organisation's identity provider: English here,
 * Simplified Chinese in {@code messages/oidc_zh.properties}. One text per refusal the sign-in page
 * can be sent back with ({@code /signin?oidc=<reason>}).
 */
@MessageBundle(value = "oidc", locale = "en")
public interface OidcMsg {
  @Message("Sign in with {name}")
  String signinWith(String name);

  @Message("or with a local account")
  String orLocal();

  @Message("Sign-in is done by your organisation's identity provider.")
  String providerOnly();

  @Message("The sign-in took too long or was started in another window. Please try again.")
  String refused_state();

  @Message("The identity provider did not complete the sign-in. Please try again.")
  String refused_provider();

  @Message(
      "The identity provider's sign-in could not be used (it was used already or has expired). Please try again.")
  String refused_code();

  @Message(
      "The identity provider's answer could not be verified. Please try again; if it happens again, tell your administrator.")
  String refused_token();

  @Message(
      "Your account at the identity provider has no Homeward role. Ask your administrator to grant one.")
  String refused_role();

  @Message(
      "Your account at the identity provider has several Homeward roles; a sign-in acts in one. Ask your administrator to keep one role per account.")
  String refused_roles();

  @Message(
      "Your account at the identity provider names no organisation. Ask your administrator to add it.")
  String refused_organisation();

  @Message(
      "This account cannot sign in at the identity provider: it is a local account. Ask your administrator.")
  String refused_subject();

  @Message("The account is locked until a privacy officer reviews it.")
  String refused_locked();

  @Message("The identity provider cannot be reached right now. Please try again later.")
  String refused_unavailable();
}
