package io.homeward.search.store.milvus;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.homeward.search.index.IndexUnavailableException;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Translates SDK failures into the index's exceptions. SDK messages can quote filter expressions
 * (face ids, case references), so they never travel on: the translated exception carries only an
 * operation name and error codes, and its cause is a {@link MilvusFailure} with the same.
 */
final class MilvusErrors {
  private static final Set<Status.Code> TRANSIENT_GRPC =
      EnumSet.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.CANCELLED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED);

  private static final Set<io.milvus.grpc.ErrorCode> TRANSIENT_SERVER =
      EnumSet.of(
          io.milvus.grpc.ErrorCode.ConnectFailed,
          io.milvus.grpc.ErrorCode.NotReadyServe,
          io.milvus.grpc.ErrorCode.NotReadyCoordActivating,
          io.milvus.grpc.ErrorCode.NotShardLeader,
          io.milvus.grpc.ErrorCode.NoReplicaAvailable,
          io.milvus.grpc.ErrorCode.RateLimit,
          io.milvus.grpc.ErrorCode.ForceDeny,
          io.milvus.grpc.ErrorCode.TimeTickLongDelay,
          io.milvus.grpc.ErrorCode.DataCoordNA);

  /**
   * Server error codes (Milvus 2.3+, {@code merr}) that pass on their own: 101, the collection is
   * not loaded, which every call meets for a while after the server starts again, until its query
   * coordinator has loaded the collection back. Answered as an internal error, it made the
   * gateway's outbox back its rows off for minutes instead of waiting for the index (the crash
   * campaign on Milvus, issue 17).
   */
  private static final Set<Integer> TRANSIENT_SERVER_CODES = Set.of(101);

  private MilvusErrors() {}

  /** The exception to throw for a failed SDK call during {@code operation}. */
  static RuntimeException translate(String operation, RuntimeException e) {
    if (e instanceof IndexUnavailableException || e instanceof IllegalArgumentException) {
      return e;
    }
    MilvusFailure cause = MilvusFailure.of(e);
    if (isUnavailable(e)) {
      return new IndexUnavailableException(
          "Milvus is unavailable: " + operation + " failed (" + cause.getMessage() + ")", cause);
    }
    return new MilvusIndexException(
        "Milvus " + operation + " failed (" + cause.getMessage() + ")", cause);
  }

  /** An SDK call that returned neither a response nor an error. */
  static IndexUnavailableException noResponse(String operation) {
    return new IndexUnavailableException(
        "Milvus is unavailable: " + operation + " returned no response", null);
  }

  static boolean isUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s
          && TRANSIENT_GRPC.contains(s.getStatus().getCode())) {
        return true;
      }
      if (t instanceof MilvusClientException m) {
        if (m.getErrorCode() == ErrorCode.TIMEOUT || m.getErrorCode() == ErrorCode.RPC_ERROR) {
          return true;
        }
        io.milvus.grpc.ErrorCode legacy =
            io.milvus.grpc.ErrorCode.forNumber(m.getLegacyServerCode());
        if (legacy != null && TRANSIENT_SERVER.contains(legacy)) {
          return true;
        }
        if (TRANSIENT_SERVER_CODES.contains(m.getServerErrCode())) {
          return true;
        }
      }
    }
    return false;
  }

  /** A cause that says which kind of failure happened and nothing else. */
  static final class MilvusFailure extends RuntimeException {
    private MilvusFailure(String message) {
      super(message, null, false, false);
    }

    static MilvusFailure of(Throwable e) {
      StringBuilder codes = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof StatusRuntimeException s) {
          append(codes, "grpc " + s.getStatus().getCode());
        } else if (t instanceof MilvusClientException m) {
          append(codes, "sdk " + m.getErrorCode());
          grpcCodeIn(m.getMessage()).ifPresent(code -> append(codes, "grpc " + code));
          if (m.getServerErrCode() != 0) {
            append(codes, "server " + m.getServerErrCode());
          }
        }
        if (t.getCause() == t) {
          break;
        }
      }
      if (codes.length() == 0) {
        append(codes, e.getClass().getSimpleName());
      }
      return new MilvusFailure(codes.toString());
    }

    /** The SDK flattens gRPC errors into its message; keep only the status code's name. */
    private static Optional<Status.Code> grpcCodeIn(String message) {
      if (message == null) {
        return Optional.empty();
      }
      for (Status.Code code : Status.Code.values()) {
        if (code != Status.Code.OK && message.contains(code.name())) {
          return Optional.of(code);
        }
      }
      return Optional.empty();
    }

    private static void append(StringBuilder codes, String code) {
      if (codes.length() > 0) {
        codes.append(", ");
      }
      codes.append(code);
    }
  }
}
