package io.homeward.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body.
 *
 * @param photo an extension member on refusals about a photo's faces: what the quality gate saw
 *     (the photo's size, each face's box and issues), so that the uploader can see why and draw a
 *     box
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    String traceId,
    Dtos.VerdictView photo) {
  public static final String MEDIA_TYPE = "application/problem+json";

  public Problem(
      String type, String title, int status, String detail, String instance, String traceId) {
    this(type, title, status, detail, instance, traceId, null);
  }
}
