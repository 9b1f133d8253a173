package io.homeward.gateway.config;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The S3 client of the image store, built from {@link ImageConfig.S3}. */
public final class S3Clients {
  private S3Clients() {}

  /**
   * A client with its own deadlines (the SDK's default has none per call), the JDK's HTTP stack,
   * and checksums only where S3 requires them (S3-compatible servers differ in the newer ones).
   */
  public static S3Client images(ImageConfig.S3 config) {
    if (config.accessKeyId().isPresent() != config.secretAccessKey().isPresent()) {
      throw new IllegalStateException(
          "set both the S3 access key id and the secret access key, or neither");
    }
    AwsCredentialsProvider credentials =
        config.accessKeyId().isPresent()
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    config.accessKeyId().get(), config.secretAccessKey().get()))
            : DefaultCredentialsProvider.builder().build();
    var builder =
        S3Client.builder()
            .region(Region.of(config.region()))
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                o ->
                    o.apiCallTimeout(config.callTimeout())
                        .apiCallAttemptTimeout(config.attemptTimeout()));
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
