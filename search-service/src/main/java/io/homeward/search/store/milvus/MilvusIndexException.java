package io.homeward.search.store.milvus;

/** Milvus refused a call for a reason other than being unreachable; the message is safe to log. */
public final class MilvusIndexException extends RuntimeException {
  MilvusIndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
