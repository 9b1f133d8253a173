package io.homeward.search.grpc;

import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import io.homeward.search.domain.InvalidVectorException;
import io.homeward.search.error.Reason;
import io.homeward.search.error.SearchException;
import io.homeward.support.grpc.GrpcStatuses;

/**
 * The one place where refusals become gRPC statuses, each with a safe message and a {@code
 * google.rpc.ErrorInfo} naming the reason. Anything unexpected becomes a bare INTERNAL and is
 * logged here, never shown.
 */
public final class GrpcErrors {
  /** The ErrorInfo domain of this service's reasons. */
  public static final String DOMAIN = "search.homeward.io";

  private static final System.Logger LOG = System.getLogger(GrpcErrors.class.getName());

  private GrpcErrors() {}

  /** The gRPC code for a reason. */
  public static Code code(Reason reason) {
    return switch (reason) {
      case MODEL_MISMATCH, NO_CALIBRATION -> Code.FAILED_PRECONDITION;
      case STORE_UNAVAILABLE -> Code.UNAVAILABLE;
      case INTERNAL -> Code.INTERNAL;
      default -> Code.INVALID_ARGUMENT;
    };
  }

  public static StatusRuntimeException toStatus(Throwable failure) {
    if (failure instanceof StatusRuntimeException sre) {
      return sre;
    }
    SearchException e = asSearchException(failure);
    return GrpcStatuses.refusal(code(e.reason()), e.getMessage(), e.reason().name(), DOMAIN);
  }

  static SearchException asSearchException(Throwable t) {
    Throwable cause = GrpcStatuses.unwrap(t);
    if (cause instanceof SearchException e) {
      return e;
    }
    if (cause instanceof InvalidVectorException e) {
      return new SearchException(Reason.INVALID_VECTOR, e.getMessage());
    }
    if (cause instanceof IllegalArgumentException e) {
      // Domain records validate what callers send; their messages name fields, never values.
      return new SearchException(Reason.INVALID_REQUEST, e.getMessage());
    }
    LOG.log(System.Logger.Level.ERROR, "unexpected failure in the search service", cause);
    return new SearchException(Reason.INTERNAL, "internal error");
  }
}
