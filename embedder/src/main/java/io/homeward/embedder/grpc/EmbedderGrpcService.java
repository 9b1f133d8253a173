package io.homeward.embedder.grpc;

import io.grpc.Context;
import io.homeward.embedder.error.EmbedderException;
import io.homeward.embedder.error.Reason;
import io.homeward.embedder.pipeline.EmbedOptions;
import io.homeward.embedder.pipeline.EmbedderEngine;
import io.homeward.embedder.pipeline.Stage;
import io.homeward.embedder.pipeline.StageTimings;
import io.homeward.proto.embedder.v1.AlignFaceRequest;
import io.homeward.proto.embedder.v1.AlignFaceResponse;
import io.homeward.proto.embedder.v1.DetectRequest;
import io.homeward.proto.embedder.v1.DetectResponse;
import io.homeward.proto.embedder.v1.EmbedRequest;
import io.homeward.proto.embedder.v1.EmbedResponse;
import io.homeward.proto.embedder.v1.EmbedStreamRequest;
import io.homeward.proto.embedder.v1.EmbedStreamResponse;
import io.homeward.proto.embedder.v1.EmbedderService;
import io.homeward.proto.embedder.v1.GetModelInfoRequest;
import io.homeward.proto.embedder.v1.GetModelInfoResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The embedder's gRPC face. Stateless: images and vectors live only for the duration of a call and
 * are never logged.
 */
@GrpcService
public class EmbedderGrpcService implements EmbedderService {
  private static final int MAX_REQUEST_ID = 128;

  /** The side of an aligned face for a person to look at when the caller names none. */
  private static final int DEFAULT_VIEW_SIDE = 256;

  private final EmbedderEngine engine;
  private final MeterRegistry meters;

  public EmbedderGrpcService(EmbedderEngine engine, MeterRegistry meters) {
    this.engine = engine;
    this.meters = meters;
    meters.gauge("homeward.embedder.queue.depth", engine, EmbedderEngine::queued);
  }

  @Override
  public Uni<DetectResponse> detect(DetectRequest request) {
    return call(
        "detect",
        () ->
            followCall(
                    engine.detect(
                        request.getImage().toByteArray(),
                        ProtoMapper.policy(request.getFacePolicy())))
                .thenApply(r -> ProtoMapper.detect(r, engine.detectorModel())));
  }

  @Override
  public Uni<EmbedResponse> embed(EmbedRequest request) {
    return call("embed", () -> embedFuture(request));
  }

  @Override
  public Multi<EmbedStreamResponse> embedStream(Multi<EmbedStreamRequest> requests) {
    // At most 2 items per worker of one stream are in the engine at once, so a bulk stream leaves
    // room in the queue for interactive calls. Inbound messages are not flow-controlled here: the
    // embedder is reachable only from the gateway, which sends bounded batches.
    int inFlight = Math.max(1, engine.settings().workers() * 2);
    return requests
        .onItem()
        .transformToUni(this::streamItem)
        .merge(inFlight)
        .onFailure()
        .transform(GrpcErrors::toStatus);
  }

  private Uni<EmbedStreamResponse> streamItem(EmbedStreamRequest item) {
    EmbedStreamResponse.Builder response =
        EmbedStreamResponse.newBuilder().setRequestId(item.getRequestId());
    if (item.getRequestId().length() > MAX_REQUEST_ID) {
      return Uni.createFrom()
          .item(
              response
                  .setRequestId(item.getRequestId().substring(0, MAX_REQUEST_ID))
                  .setFailure(
                      GrpcErrors.toFailure(
                          new EmbedderException(
                              Reason.INVALID_REQUEST, "request_id is longer than 128 characters")))
                  .build());
    }
    return Uni.createFrom()
        .completionStage(() -> safely(() -> embedFuture(item.getRequest())))
        .map(r -> response.setResponse(r).build())
        .onFailure()
        .recoverWithItem(
            t -> {
              count("embed_stream", t);
              return response.setFailure(GrpcErrors.toFailure(t)).build();
            });
  }

  @Override
  public Uni<GetModelInfoResponse> getModelInfo(GetModelInfoRequest request) {
    return call(
        "model_info",
        () -> {
          var space =
              engine.space(
                  request.getProjection().isEmpty()
                      ? Optional.empty()
                      : Optional.of(request.getProjection()));
          return CompletableFuture.completedFuture(
              GetModelInfoResponse.newBuilder()
                  .setEmbedding(ProtoMapper.vectorModel(space))
                  .setDetector(ProtoMapper.model(engine.detectorModel()))
                  .setLandmarks(ProtoMapper.model(engine.landmarkModel()))
                  .setFlipAveraging(engine.settings().flipAveraging())
                  .setProjection(space.id())
                  .build());
        });
  }

  @Override
  public Uni<AlignFaceResponse> alignFace(AlignFaceRequest request) {
    return call(
        "align_face",
        () ->
            followCall(
                    engine.align(
                        request.getImage().toByteArray(),
                        request.hasFaceHint()
                            ? Optional.of(ProtoMapper.hint(request.getFaceHint()))
                            : Optional.empty(),
                        request.getSize() == 0 ? DEFAULT_VIEW_SIDE : request.getSize()))
                .thenApply(ProtoMapper::aligned));
  }

  private CompletableFuture<EmbedResponse> embedFuture(EmbedRequest request) {
    EmbedOptions options =
        new EmbedOptions(
            ProtoMapper.policy(request.getFacePolicy()),
            request.getBypassQualityGate(),
            request.hasFaceHint()
                ? Optional.of(ProtoMapper.hint(request.getFaceHint()))
                : Optional.empty(),
            request.getProjection().isEmpty()
                ? Optional.empty()
                : Optional.of(request.getProjection()));
    // Refused here for an id the embedder does not serve, before any work is queued.
    var space = ProtoMapper.vectorModel(engine.space(options.projection()));
    return followCall(engine.embedTimed(request.getImage().toByteArray(), options))
        .thenApply(
            timed -> {
              record(timed.timings());
              return ProtoMapper.embed(timed.value(), space);
            });
  }

  private <T> Uni<T> call(String method, Supplier<CompletableFuture<T>> work) {
    return Uni.createFrom()
        .completionStage(() -> safely(work))
        .onItem()
        .invoke(
            () ->
                meters
                    .counter("homeward.embedder.requests", "method", method, "outcome", "OK")
                    .increment())
        .onFailure()
        .invoke(t -> count(method, t))
        .onFailure()
        .transform(GrpcErrors::toStatus);
  }

  /**
   * Cancels the engine's job when the gRPC call is cancelled or its deadline passes, so a caller
   * that gave up no longer holds a queue slot or a worker. (Cancelling a future derived with
   * thenApply would not reach the job.)
   */
  private static <T> CompletableFuture<T> followCall(CompletableFuture<T> job) {
    Context.current().addListener(context -> job.cancel(false), Runnable::run);
    return job;
  }

  /** Where the time of each embedding went, for dashboards (no image or face data in the tags). */
  private void record(StageTimings timings) {
    for (Stage stage : Stage.values()) {
      long nanos = timings.nanos(stage);
      if (nanos > 0) {
        Timer.builder("homeward.embedder.stage")
            .tag("stage", stage.name().toLowerCase(Locale.ROOT))
            .register(meters)
            .record(nanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  private void count(String method, Throwable t) {
    String outcome = GrpcErrors.asEmbedderException(t).reason().name();
    meters.counter("homeward.embedder.requests", "method", method, "outcome", outcome).increment();
  }

  /**
   * Turns a synchronous throw (a bad enum, say) into a failed future, so one path maps every error.
   */
  private static <T> CompletableFuture<T> safely(Supplier<CompletableFuture<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
