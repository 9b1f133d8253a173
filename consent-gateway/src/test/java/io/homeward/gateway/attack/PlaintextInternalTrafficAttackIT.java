package io.homeward.gateway.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.homeward.gateway.attack.RunningSystem.Db;
import io.homeward.gateway.cli.InternalCertificates;
import io.homeward.gateway.support.InternalChannels;
import io.homeward.proto.embedder.v1.EmbedderServiceGrpc;
import io.homeward.proto.search.v1.GetStatsRequest;
import io.homeward.proto.search.v1.SearchServiceGrpc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack (issue 11, internal traffic): talk to the embedder and the search service directly,
 * bypassing the gateway, as a local process that is not the gateway: in plaintext; over TLS without
 * a client certificate; with a certificate of another CA; with a service's own server certificate.
 * And start a service bound beyond loopback without TLS.
 *
 * <p>Safe answer: every such call is refused at the transport (UNAVAILABLE), only the gateway's
 * client certificate from the internal CA is accepted, and a service bound to a non-loopback
 * address without mTLS refuses to start, naming the settings.
 */
class PlaintextInternalTrafficAttackIT {
  @TempDir Path foreign;

  @Test
  void theServicesRefuseEveryCallerButTheGatewaysCertificate() throws Exception {
    RunningSystem system = RunningSystem.on(Db.H2);
    Path tls = RunningSystem.tlsDir();
    InternalCertificates.issue(foreign);
    int search = system.searchGrpcPort();
    int embedder = RunningSystem.embedderGrpcPort();

    List<ManagedChannel> intruders = new ArrayList<>();
    intruders.add(InternalChannels.plaintext(search));
    intruders.add(InternalChannels.withoutCertificate(search, tls));
    intruders.add(
        InternalChannels.withCertificate(
            search, tls, foreign.resolve("gateway.crt"), foreign.resolve("gateway.key")));
    intruders.add(
        InternalChannels.withCertificate(
            search, tls, tls.resolve("embedder.crt"), tls.resolve("embedder.key")));
    for (ManagedChannel c : intruders) {
      assertRefused(
          c,
          ch ->
              SearchServiceGrpc.newBlockingStub(ch)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .getStats(GetStatsRequest.getDefaultInstance()));
    }
    List<ManagedChannel> toEmbedder = new ArrayList<>();
    toEmbedder.add(InternalChannels.plaintext(embedder));
    toEmbedder.add(InternalChannels.withoutCertificate(embedder, tls));
    toEmbedder.add(
        InternalChannels.withCertificate(
            embedder, tls, foreign.resolve("gateway.crt"), foreign.resolve("gateway.key")));
    for (ManagedChannel c : toEmbedder) {
      assertRefused(
          c,
          ch ->
              EmbedderServiceGrpc.newBlockingStub(ch)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .embed(
                      io.homeward.proto.embedder.v1.EmbedRequest.newBuilder()
                          .setImage(
                              com.google.protobuf.ByteString.copyFrom(
                                  Fixtures.photo(Fixtures.SAME_PERSON_A)))
                          .build()));
    }

    // The gateway's certificate from the internal CA is accepted (the control).
    ManagedChannel gateway = InternalChannels.asGateway(search, tls);
    try {
      assertThat(
              SearchServiceGrpc.newBlockingStub(gateway)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .getStats(GetStatsRequest.getDefaultInstance())
                  .getSpacesCount())
          .isGreaterThanOrEqualTo(0);
    } finally {
      gateway.shutdownNow();
    }
  }

  @Test
  void aServiceBoundBeyondLoopbackWithoutTlsRefusesToStart() throws Exception {
    Path root =
        Path.of(System.getProperty("homeward.project.dir", "..")).toAbsolutePath().normalize();
    Path jar = root.resolve("search-service/target/quarkus-app/quarkus-run.jar");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(jar), "search jar not built");
    Path log = foreign.resolve("search.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.grpc.server.host=0.0.0.0",
                "-Dquarkus.grpc.server.port=0",
                "-Dquarkus.management.port=0",
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("HOMEWARD_DATA_DIR", foreign.resolve("data").toString());
    pb.environment().remove("HOMEWARD_TLS_CERT");
    Process p = pb.start();
    boolean ended = p.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(ended).as("the service should refuse to start; it printed:%n%s", out).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(out).contains("beyond loopback, without mTLS").contains("HOMEWARD_TLS_CERT");
  }

  private static void assertRefused(ManagedChannel c, Function<ManagedChannel, ?> call) {
    try {
      assertThatThrownBy(() -> call.apply(c))
          .isInstanceOf(StatusRuntimeException.class)
          .satisfies(
              e ->
                  assertThat(((StatusRuntimeException) e).getStatus().getCode())
                      .isIn(Status.Code.UNAVAILABLE, Status.Code.UNKNOWN, Status.Code.INTERNAL));
    } finally {
      c.shutdownNow();
    }
  }
}
