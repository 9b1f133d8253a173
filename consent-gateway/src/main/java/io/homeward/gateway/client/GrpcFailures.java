package io.homeward.gateway.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * The one place where a failed call to another service becomes one of the gateway's problems. A
 * service's own reason (its generated {@code ErrorReason}, carried in a {@code
 * google.rpc.ErrorInfo} of the service's domain) decides first; the gRPC code decides when there is
 * none (the transport's own failures). Only the embedder's refusals of the caller's image are
 * passed on; everything else the caller learns is that a dependency is unavailable, busy, or that
 * something went wrong.
 */
final class GrpcFailures {
  private static final Logger LOG = Logger.getLogger(GrpcFailures.class);

  private GrpcFailures() {}

  /**
   * Whether a failure is transient: the service is unreachable, did not answer in time, or went
   * away in the middle of the call.
   */
  static boolean isTransient(Throwable failure) {
    return failure instanceof StatusRuntimeException e
        && (e.getStatus().getCode() == Status.Code.UNAVAILABLE
            || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
            || lostMidCall(e));
  }

  /**
   * UNKNOWN with no details: the connection broke during the call (the crash campaign saw it when a
   * service was killed mid-request). The services never answer so themselves: every status of
   * theirs carries an ErrorInfo with its reason, an unexpected failure included. Before issue 17
   * this was an internal error (a 500 to the user, and an outbox row that backed off for minutes
   * instead of being released when the service came back).
   */
  static boolean lostMidCall(StatusRuntimeException e) {
    if (e.getStatus().getCode() != Status.Code.UNKNOWN) {
      return false;
    }
    var status = StatusProto.fromThrowable(e);
    return status == null || status.getDetailsCount() == 0;
  }

  /** Whether a failure is the service being unreachable (nothing was computed). */
  static boolean isUnavailable(Throwable failure) {
    return failure instanceof StatusRuntimeException e
        && e.getStatus().getCode() == Status.Code.UNAVAILABLE;
  }

  static GatewayException translate(Downstream service, RuntimeException failure) {
    if (failure instanceof GatewayException e) {
      return e;
    }
    if (failure instanceof CircuitBreakerOpenException) {
      // Logged once when the breaker opened, not on every refused call.
      return unavailable(service);
    }
    if (!(failure instanceof StatusRuntimeException e)) {
      LOG.warnf("%s call failed (%s)", service, failure.getClass().getSimpleName());
      return problem(ProblemType.INTERNAL);
    }
    Status.Code code = e.getStatus().getCode();
    Optional<String> reason = reason(e, service.domain());
    ProblemType type =
        lostMidCall(e)
            ? ProblemType.DEPENDENCY_UNAVAILABLE
            : reason.flatMap(service::problemFor).orElseGet(() -> byCode(code));
    switch (type) {
      case DEPENDENCY_UNAVAILABLE -> {
        LOG.warnf("%s unavailable (%s)", service, code);
        return unavailable(service);
      }
      case OVERLOADED -> {
        return new GatewayException(
            ProblemType.OVERLOADED, "the " + service + " is busy; retry later");
      }
      case INTERNAL -> {
        LOG.warnf("%s failed (%s, %s)", service, code, reason.orElse("no reason"));
        return problem(ProblemType.INTERNAL);
      }
      case FACE_BOX_INVALID -> {
        // The embedder's message says which check the box failed; its messages are safe to show.
        String why = e.getStatus().getDescription();
        return new GatewayException(type, why == null ? type.title() : why);
      }
      default -> {
        GatewayException refusal = problem(type);
        if (service == Downstream.EMBEDDER) {
          EmbedderMapper.refusedFaces(StatusProto.fromThrowable(e)).ifPresent(refusal::verdict);
        }
        return refusal;
      }
    }
  }

  private static ProblemType byCode(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> ProblemType.DEPENDENCY_UNAVAILABLE;
      case RESOURCE_EXHAUSTED -> ProblemType.OVERLOADED;
      default -> ProblemType.INTERNAL;
    };
  }

  private static GatewayException unavailable(Downstream service) {
    return new GatewayException(
        ProblemType.DEPENDENCY_UNAVAILABLE, "the " + service + " is unavailable; retry later");
  }

  private static GatewayException problem(ProblemType type) {
    return new GatewayException(type, type.title());
  }

  /** The reason in the status's ErrorInfo of the given domain (others' reasons are not ours). */
  private static Optional<String> reason(StatusRuntimeException e, String domain) {
    var status = StatusProto.fromThrowable(e);
    if (status == null) {
      return Optional.empty();
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          if (info.getDomain().equals(domain)) {
            return Optional.of(info.getReason());
          }
        } catch (InvalidProtocolBufferException ignored) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
