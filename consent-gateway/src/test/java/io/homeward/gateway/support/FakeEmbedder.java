package io.homeward.gateway.support;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.homeward.proto.embedder.v1.EmbedRequest;
import io.homeward.proto.embedder.v1.EmbedResponse;
import io.homeward.proto.embedder.v1.EmbedderServiceGrpc;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gRPC server in the test JVM that stands in for the embedder, only to produce faults a real
 * embedder cannot be made to produce on demand (a refusal or an outage for every call). It answers
 * the way the embedder's {@code GrpcErrors} does: a status with a {@code google.rpc.ErrorInfo} in
 * the embedder's domain. It records each call's {@code traceparent} header.
 */
public class FakeEmbedder implements QuarkusTestResourceLifecycleManager {
  /** How the fake answers every call. */
  public enum Answer {
    /** INVALID_ARGUMENT, reason NO_FACE: the embedder's refusal of a caller's image. */
    NO_FACE,
    /** UNAVAILABLE, reason UNAVAILABLE: no worker can take requests. */
    UNAVAILABLE
  }

  private static final Metadata.Key<String> TRACEPARENT =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

  private static volatile Answer answer = Answer.NO_FACE;
  private static final List<String> traceparents = new CopyOnWriteArrayList<>();

  private Server server;

  /** Sets the answer and forgets the calls seen so far. */
  public static void answer(Answer a) {
    answer = a;
    traceparents.clear();
  }

  /** The {@code traceparent} header of each call since the last {@link #answer}, in order. */
  public static List<String> traceparents() {
    return List.copyOf(traceparents);
  }

  @Override
  public Map<String, String> start() {
    ServerInterceptor recordTrace =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String traceparent = headers.get(TRACEPARENT);
            traceparents.add(traceparent == null ? "none" : traceparent);
            return next.startCall(call, headers);
          }
        };
    try {
      server =
          ServerBuilder.forPort(0)
              .addService(ServerInterceptors.intercept(new Service(), recordTrace))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // In test mode a gRPC client dials its test-port, which defaults to the application's own.
    return Map.of(
        "quarkus.grpc.clients.embedder.host",
        "127.0.0.1",
        "quarkus.grpc.clients.embedder.test-port",
        String.valueOf(server.getPort()));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.shutdownNow();
    }
  }

  private static final class Service extends EmbedderServiceGrpc.EmbedderServiceImplBase {
    @Override
    public void embed(EmbedRequest request, StreamObserver<EmbedResponse> response) {
      Answer a = answer;
      Code code = a == Answer.NO_FACE ? Code.INVALID_ARGUMENT : Code.UNAVAILABLE;
      response.onError(
          StatusProto.toStatusRuntimeException(
              com.google.rpc.Status.newBuilder()
                  .setCode(code.getNumber())
                  .setMessage("refused")
                  .addDetails(
                      Any.pack(
                          ErrorInfo.newBuilder()
                              .setReason(a.name())
                              .setDomain("embedder.homeward.io")
                              .build()))
                  .build()));
    }
  }
}
