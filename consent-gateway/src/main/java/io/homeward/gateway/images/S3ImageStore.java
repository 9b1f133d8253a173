package io.homeward.gateway.images;

import com.google.crypto.tink.Aead;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ImageStore} in an S3-compatible bucket (cluster mode), every image sealed by the gateway
 * before it leaves the process, exactly as in {@link EncryptedDirectoryImageStore}: the storage and
 * anyone who reads the bucket see ciphertext only, and the key stays with the gateway.
 *
 * <p>Object key: {@code <prefix><ref>.sealed}, where the reference is 128 random bits; the key
 * names no person, case, organisation or date. No object metadata or tags are written. A put is one
 * atomic PUT (readers never see a partial object), so no temporary object is needed.
 *
 * <p>Thread-safe: the S3 client is, and references are random. Every failure of the storage becomes
 * {@link ImageStoreException.Reason#IO} with a message that names neither the bucket entry nor the
 * endpoint; the cause keeps the detail for the server log's stack trace.
 */
public final class S3ImageStore extends SealedImageStore {
  private static final String SUFFIX = ".sealed";

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  private S3ImageStore(S3Client s3, String bucket, String prefix, Aead aead, long maxBytes) {
    super(aead, maxBytes);
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  /**
   * Opens a store in an existing bucket, checking that the bucket is there and reachable with the
   * given credentials (start-up fails otherwise, rather than the first enrolment).
   *
   * @param prefix prepended to every object key: empty, or ending in {@code /}
   */
  public static S3ImageStore open(
      S3Client s3, String bucket, String prefix, Aead aead, long maxBytes) {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("no bucket named for the image store");
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException("the image key prefix must be empty or end in /");
    }
    try {
      s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
    } catch (NoSuchBucketException e) {
      throw new ImageStoreException(
          ImageStoreException.Reason.IO, "The image bucket does not exist (create it first)", e);
    } catch (S3Exception e) {
      throw new ImageStoreException(
          ImageStoreException.Reason.IO,
          "The image bucket refused access (HTTP " + e.statusCode() + "): check the credentials",
          e);
    } catch (SdkException e) {
      throw new ImageStoreException(
          ImageStoreException.Reason.IO, "The object storage could not be reached", e);
    }
    return new S3ImageStore(s3, bucket, prefix, aead, maxBytes);
  }

  @Override
  byte[] readSealed(String ref) {
    try {
      return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key(ref)).build())
          .asByteArrayUnsafe();
    } catch (NoSuchKeyException e) {
      throw new ImageNotFoundException("No image under this reference");
    } catch (SdkException e) {
      throw new ImageStoreException(ImageStoreException.Reason.IO, "Could not read an image", e);
    }
  }

  @Override
  public boolean delete(String ref) {
    ImageRefs.require(ref);
    try {
      // S3's DELETE answers the same whether or not the object existed: ask first.
      boolean existed = exists(ref);
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key(ref)).build());
      return existed;
    } catch (SdkException e) {
      throw new ImageStoreException(ImageStoreException.Reason.IO, "Could not delete an image", e);
    }
  }

  @Override
  public Set<String> refs() {
    Set<String> refs = new HashSet<>();
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
              .contents()) {
        String key = object.key();
        if (!key.endsWith(SUFFIX)) {
          continue;
        }
        String ref = key.substring(prefix.length(), key.length() - SUFFIX.length());
        if (ImageRefs.isValid(ref)) {
          refs.add(ref);
        }
      }
    } catch (SdkException e) {
      throw new ImageStoreException(ImageStoreException.Reason.IO, "Could not list images", e);
    }
    return refs;
  }

  private boolean exists(String ref) {
    try {
      s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key(ref)).build());
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  void writeSealed(String ref, byte[] sealed) {
    try {
      s3.putObject(
          PutObjectRequest.builder()
              .bucket(bucket)
              .key(key(ref))
              .contentType("application/octet-stream")
              .contentLength((long) sealed.length)
              .build(),
          RequestBody.fromBytes(sealed));
    } catch (SdkException e) {
      throw new ImageStoreException(ImageStoreException.Reason.IO, "Could not write an image", e);
    }
  }

  private String key(String ref) {
    return prefix + ref + SUFFIX;
  }
}
