package io.homeward.gateway.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Keeps ids and personal data out of spans. The HTTP server instrumentation records the raw path
 * and query of each request ({@code /api/v1/cases/c-.../photos?photoYear=...}, {@code
 * /accounts/<subject>/unlock}); they are overwritten as the span starts, before any processor or
 * exporter sees them. The route template ({@code http.route}, e.g. {@code /api/v1/cases/{id}})
 * stays: it names the endpoint and carries no value. End-user attributes ({@code enduser.id}) are
 * off by default in Quarkus ({@code quarkus.otel.traces.eusp.enabled=false}) and are overwritten
 * here too, should that ever change.
 */
@Singleton
public class IdFreeSpans implements SpanProcessor {
  /** What replaces a value that may carry an id. */
  public static final String REDACTED = "{redacted}";

  private static final List<AttributeKey<String>> RAW =
      List.of(
          AttributeKey.stringKey("url.path"),
          AttributeKey.stringKey("url.query"),
          AttributeKey.stringKey("url.full"),
          AttributeKey.stringKey("http.target"),
          AttributeKey.stringKey("http.url"),
          AttributeKey.stringKey("enduser.id"));

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    for (AttributeKey<String> key : RAW) {
      if (span.getAttribute(key) != null) {
        span.setAttribute(key, REDACTED);
      }
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
