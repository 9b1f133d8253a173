package io.homeward.gateway.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A request carrying a session cookie (and no bearer token). */
final class SessionAuthenticationRequest extends BaseAuthenticationRequest {
  private final String sessionId;
  private final String csrfToken;

  SessionAuthenticationRequest(String sessionId, String csrfToken) {
    this.sessionId = sessionId;
    this.csrfToken = csrfToken;
  }

  String sessionId() {
    return sessionId;
  }

  String csrfToken() {
    return csrfToken;
  }
}
