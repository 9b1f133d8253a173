package io.homeward.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String instance, String traceId) {
  public static final String MEDIA_TYPE = "application/problem+json";
}
