package io.homeward.embedder.grpc;

import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.proto.embedder.v1.Failure;
import io.homeward.support.grpc.GrpcStatuses;
import java.util.concurrent.CancellationException;

/**
 * The one place where refusals become gRPC statuses. Every status carries a safe message and a
 * {@code google.rpc.ErrorInfo} with the reason; anything that is not an {@link EmbedderException}
 * becomes a bare INTERNAL, so no class name or internal message reaches a caller.
 */
public final class GrpcErrors {
  /** The ErrorInfo domain of this service's reasons. */
  public static final String DOMAIN = "embedder.homeward.io";

  private static final System.Logger LOG = System.getLogger(GrpcErrors.class.getName());

  private GrpcErrors() {}

  /** The gRPC code for a reason. */
  public static Code code(Reason reason) {
    return switch (reason) {
      case OVERLOADED -> Code.RESOURCE_EXHAUSTED;
      case INTERNAL -> Code.INTERNAL;
      case UNAVAILABLE -> Code.UNAVAILABLE;
      case CANCELLED -> Code.CANCELLED;
      default -> Code.INVALID_ARGUMENT;
    };
  }

  /** A status exception for any failure. */
  public static StatusRuntimeException toStatus(Throwable failure) {
    if (failure instanceof StatusRuntimeException sre && GrpcStatuses.isFrom(sre, DOMAIN)) {
      return sre;
    }
    EmbedderException e = asEmbedderException(failure);
    return GrpcStatuses.refusal(
        code(e.reason()),
        e.getMessage(),
        e.reason().name(),
        DOMAIN,
        ProtoMapper.refusedFaces(e).stream().toList());
  }

  /** The failure item of a streamed response. */
  public static Failure toFailure(Throwable failure) {
    EmbedderException e = asEmbedderException(failure);
    return Failure.newBuilder()
        .setReason(ProtoMapper.reason(e.reason()))
        .setMessage(e.getMessage())
        .build();
  }

  static EmbedderException asEmbedderException(Throwable failure) {
    Throwable t = GrpcStatuses.unwrap(failure);
    if (t instanceof EmbedderException e) {
      return e;
    }
    if (t instanceof StatusRuntimeException sre
        && sre.getStatus().getCode() == Status.Code.CANCELLED) {
      return new EmbedderException(Reason.CANCELLED, "the call was cancelled");
    }
    if (t instanceof CancellationException) {
      return new EmbedderException(Reason.CANCELLED, "the call was cancelled");
    }
    // Not one of ours: the caller learns nothing of it, the operators do (no image data is in it).
    LOG.log(System.Logger.Level.ERROR, "unexpected failure in the embedder's gRPC layer", t);
    return new EmbedderException(Reason.INTERNAL, "internal error");
  }
}
