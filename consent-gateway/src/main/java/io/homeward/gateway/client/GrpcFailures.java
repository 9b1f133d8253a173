package io.homeward.gateway.client;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Translates the other services' gRPC failures into the gateway's problems, safely. */
final class GrpcFailures {
  private static final Logger LOG = Logger.getLogger(GrpcFailures.class);

  // The embedder's refusals of a caller's image, passed on as they are (the rest are the gateway's
  // own faults).
  private static final java.util.Set<String> IMAGE_REFUSALS =
      java.util.Set.of(
          "IMAGE_EMPTY",
          "IMAGE_TRUNCATED",
          "IMAGE_UNDECODABLE",
          "IMAGE_UNSUPPORTED_FORMAT",
          "IMAGE_TOO_LARGE",
          "IMAGE_DIMENSIONS_TOO_LARGE",
          "IMAGE_TOO_SMALL",
          "NO_FACE",
          "FACE_TOO_SMALL",
          "MULTIPLE_FACES",
          "QUALITY_TOO_LOW");

  private GrpcFailures() {}

  static GatewayException translate(String service, StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    Optional<String> reason = reason(e);
    switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> {
        LOG.warnf("%s unavailable (%s)", service, code);
        return new GatewayException(
            ProblemType.DEPENDENCY_UNAVAILABLE, "the " + service + " is unavailable; retry later");
      }
      case RESOURCE_EXHAUSTED -> {
        return new GatewayException(
            ProblemType.OVERLOADED, "the " + service + " is busy; retry later");
      }
      case INVALID_ARGUMENT, FAILED_PRECONDITION -> {
        if (reason.isPresent() && IMAGE_REFUSALS.contains(reason.get())) {
          ProblemType t = ProblemType.valueOf(reason.get());
          return new GatewayException(t, t.title());
        }
        LOG.warnf(
            "%s refused a request the gateway built (%s)", service, reason.orElse(code.name()));
        return new GatewayException(ProblemType.INTERNAL, ProblemType.INTERNAL.title());
      }
      default -> {
        LOG.warnf("%s failed (%s)", service, code);
        return new GatewayException(ProblemType.INTERNAL, ProblemType.INTERNAL.title());
      }
    }
  }

  private static Optional<String> reason(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return Optional.empty();
    }
    for (var detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return Optional.of(detail.unpack(ErrorInfo.class).getReason());
        } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
