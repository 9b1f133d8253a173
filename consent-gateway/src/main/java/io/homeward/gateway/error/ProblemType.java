package io.homeward.gateway.error;

/**
 * Every problem the gateway answers with: a stable {@code type} URI, its HTTP status and a title.
 * RFC 9457; the detail that goes with each is safe to show (no internals, no personal data).
 */
public enum ProblemType {
  UNAUTHENTICATED(401, "unauthenticated", "A valid bearer token is required"),
  ROLE_NOT_GRANTED(403, "role-not-granted", "The token does not grant the role named"),
  POLICY_DENIED(403, "policy-denied", "The privacy rules do not allow this request"),
  ACCOUNT_LOCKED(403, "account-locked", "The account is locked until a privacy officer reviews it"),
  EXPORT_FORBIDDEN(403, "export-forbidden", "Images cannot be exported or shared"),
  RATE_LIMITED(429, "rate-limited", "A usage limit was exceeded; the account is now locked"),
  NOT_FOUND(404, "not-found", "No such resource"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "This method is not allowed on this resource"),
  NOT_ACCEPTABLE(406, "not-acceptable", "None of the accepted media types can be produced"),
  INVALID_REQUEST(400, "invalid-request", "The request is malformed"),
  PURPOSE_REQUIRED(400, "purpose-required", "Every request names one purpose"),
  AGE_INCONSISTENT(
      400,
      "age-inconsistent",
      "The age given disagrees with the case's birth years and photo year"),
  JUSTIFICATION_REQUIRED(
      400, "justification-required", "A written justification of some substance is required"),
  BODY_TOO_LARGE(413, "body-too-large", "The request body is too large for this endpoint"),
  UNSUPPORTED_MEDIA(415, "unsupported-media-type", "The content type is not accepted here"),
  CONFLICT(409, "conflict", "The request conflicts with the current state"),
  CANDIDATE_NOT_SEARCHABLE(
      409,
      "candidate-not-searchable",
      "The candidate's case is no longer searchable (withdrawn, found or closed)"),
  IMAGE_EMPTY(422, "image-empty", "The image is empty"),
  IMAGE_TRUNCATED(422, "image-truncated", "The image is truncated"),
  IMAGE_UNDECODABLE(422, "image-undecodable", "The image cannot be decoded"),
  IMAGE_UNSUPPORTED_FORMAT(422, "image-unsupported-format", "The image format is not supported"),
  IMAGE_TOO_LARGE(413, "image-too-large", "The image is too large"),
  IMAGE_DIMENSIONS_TOO_LARGE(
      422, "image-dimensions-too-large", "The image dimensions are too large"),
  IMAGE_TOO_SMALL(422, "image-too-small", "The image is too small"),
  NO_FACE(422, "no-face", "No face was found in the image"),
  FACE_TOO_SMALL(422, "face-too-small", "The face is too small"),
  MULTIPLE_FACES(422, "multiple-faces", "The image shows several faces; one is required"),
  /** A hand-drawn face box outside the photo, too small or far from square. */
  FACE_BOX_INVALID(422, "face-box-invalid", "The face box cannot be used"),
  QUALITY_TOO_LOW(422, "quality-too-low", "The face is not clear enough to search with"),
  OVERLOADED(503, "overloaded", "The service is busy; retry later"),
  DEPENDENCY_UNAVAILABLE(
      503, "service-unavailable", "A service Homeward depends on is unavailable"),
  AUDIT_UNAVAILABLE(503, "audit-unavailable", "The audit log cannot be written; nothing was done"),
  BAD_CREDENTIALS(401, "bad-credentials", "The username or password is wrong"),
  SECOND_FACTOR_REQUIRED(
      401, "second-factor-required", "A valid code from the authenticator app is required"),
  /** Sign-in to a locked account (423 Locked); a request of a locked account is 403 above. */
  /**
   * The user's organisation was deactivated by an administrator: no sign-in, no request (its data
   * stays).
   */
  ORGANISATION_INACTIVE(
      403, "organisation-inactive", "The organisation has been deactivated by an administrator"),
  /** A new local account names an organisation that does not exist or is deactivated. */
  ORGANISATION_UNKNOWN(
      400, "organisation-unknown", "The organisation named does not exist or is deactivated"),
  SIGN_IN_LOCKED(423, "account-locked", "The account is locked until a privacy officer reviews it"),
  SECOND_FACTOR_ENROLMENT_REQUIRED(
      403,
      "second-factor-enrolment-required",
      "This role requires a second factor: enrol an authenticator app first"),
  PASSWORD_CHANGE_REQUIRED(
      403, "password-change-required", "The temporary password must be changed first"),
  CSRF(403, "csrf", "A request with a session cookie must carry the session's CSRF token"),
  SETUP_TOKEN_INVALID(
      403, "setup-token-invalid", "The setup link is not valid (used, expired or replaced)"),
  PASSWORD_REJECTED(400, "password-rejected", "The password does not meet the rules"),
  REEMBEDDING_RUNNING(409, "reembedding-running", "A re-embedding job is already running"),
  SPACE_ALREADY_LIVE(409, "space-already-live", "Searches already use that vector space"),
  PROJECTION_UNKNOWN(
      422, "projection-unknown", "The embedder does not serve that projection beside its own"),
  SPACE_NOT_CALIBRATED(
      409,
      "space-not-calibrated",
      "The new vector space has no calibration in the search service; it cannot go live"),
  SPACE_NOT_READY(
      409,
      "space-not-ready",
      "The new vector space is not complete, or its face count differs from the live one's"),
  INTERNAL(500, "internal", "Something went wrong; nothing was disclosed");

  /** Base of every problem type URI. */
  public static final String BASE = "https://homeward.io/problems/";

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public int status() {
    return status;
  }

  /** The stable short name, the URI's last segment (a refusal report's problem column). */
  public String slug() {
    return slug;
  }

  public String uri() {
    return BASE + slug;
  }

  public String title() {
    return title;
  }

  /**
   * Seconds a client should wait before sending the request again ({@code Retry-After}); 0 for a
   * problem that waiting does not cure. Busy: a moment; a dependency down: about as long as the
   * gateway's circuit breaker stays open before it tries the service again.
   */
  public int retryAfterSeconds() {
    return switch (this) {
      case OVERLOADED -> 2;
      case DEPENDENCY_UNAVAILABLE, AUDIT_UNAVAILABLE -> 5;
      default -> 0;
    };
  }
}
