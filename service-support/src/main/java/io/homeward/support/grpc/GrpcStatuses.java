package io.homeward.support.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The shape of every refusal a Homeward service sends: a gRPC code, a message safe to show the
 * caller and a {@code google.rpc.ErrorInfo} naming the reason within the service's domain. Which
 * failures become which reasons is each service's own business (its {@code GrpcErrors}); this class
 * knows no reason.
 */
public final class GrpcStatuses {
  private GrpcStatuses() {}

  /**
   * A status exception carrying {@code safeMessage} and an ErrorInfo with {@code reason} and {@code
   * domain}.
   */
  public static StatusRuntimeException refusal(
      Code code, String safeMessage, String reason, String domain) {
    Status status =
        Status.newBuilder()
            .setCode(code.getNumber())
            .setMessage(safeMessage)
            .addDetails(
                Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(domain).build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /**
   * Whether the status carries an ErrorInfo of {@code domain}, i.e. a refusal the service built.
   */
  public static boolean isFrom(StatusRuntimeException e, String domain) {
    Status s = StatusProto.fromThrowable(e);
    return s != null
        && s.getDetailsList().stream()
            .anyMatch(d -> d.is(ErrorInfo.class) && unpack(d).getDomain().equals(domain));
  }

  /**
   * The failure inside the wrappers asynchronous code puts around it ({@link CompletionException},
   * {@link ExecutionException}).
   */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static ErrorInfo unpack(Any any) {
    try {
      return any.unpack(ErrorInfo.class);
    } catch (InvalidProtocolBufferException e) {
      return ErrorInfo.getDefaultInstance();
    }
  }
}
