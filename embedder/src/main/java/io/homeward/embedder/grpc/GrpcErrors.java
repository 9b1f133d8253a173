package io.homeward.embedder.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.proto.embedder.v1.Failure;

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
    if (failure instanceof StatusRuntimeException sre && isOurs(sre)) {
      return sre;
    }
    EmbedderException e = asEmbedderException(failure);
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code(e.reason()).getNumber())
            .setMessage(e.getMessage())
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder().setReason(e.reason().name()).setDomain(DOMAIN).build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
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
    Throwable t = failure;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof EmbedderException e) {
      return e;
    }
    if (t instanceof StatusRuntimeException sre
        && sre.getStatus().getCode() == Status.Code.CANCELLED) {
      return new EmbedderException(Reason.CANCELLED, "the call was cancelled");
    }
    if (t instanceof java.util.concurrent.CancellationException) {
      return new EmbedderException(Reason.CANCELLED, "the call was cancelled");
    }
    // Not one of ours: the caller learns nothing of it, the operators do (no image data is in it).
    LOG.log(System.Logger.Level.ERROR, "unexpected failure in the embedder's gRPC layer", t);
    return new EmbedderException(Reason.INTERNAL, "internal error");
  }

  private static boolean isOurs(StatusRuntimeException sre) {
    com.google.rpc.Status s = StatusProto.fromThrowable(sre);
    return s != null
        && s.getDetailsList().stream()
            .anyMatch(d -> d.is(ErrorInfo.class) && unpack(d).getDomain().equals(DOMAIN));
  }

  private static ErrorInfo unpack(Any any) {
    try {
      return any.unpack(ErrorInfo.class);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return ErrorInfo.getDefaultInstance();
    }
  }
}
