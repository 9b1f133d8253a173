package io.homeward.search.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.search.index.IndexUnavailableException;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import org.junit.jupiter.api.Test;

/** Which Milvus failures pass on their own (unavailable: wait and retry) and which do not. */
class MilvusErrorsTest {

  @Test
  void aCollectionNotLoadedAfterARestartIsUnavailableNotAnInternalError() {
    MilvusClientException notLoaded =
        new MilvusClientException(ErrorCode.SERVER_ERROR, "collection not loaded", 101, 0);
    assertThat(notLoaded.getServerErrCode()).isEqualTo(101);
    assertThat(MilvusErrors.isUnavailable(notLoaded)).isTrue();
    assertThat(MilvusErrors.translate("search", notLoaded))
        .isInstanceOf(IndexUnavailableException.class)
        .hasMessageContaining("server 101")
        .hasMessageNotContaining("collection not loaded");
  }

  @Test
  void anOtherServerErrorStaysAnInternalError() {
    MilvusClientException bad =
        new MilvusClientException(ErrorCode.SERVER_ERROR, "invalid expression", 1100, 0);
    assertThat(MilvusErrors.isUnavailable(bad)).isFalse();
    assertThat(MilvusErrors.translate("search", bad))
        .isInstanceOf(MilvusIndexException.class)
        .isNotInstanceOf(IndexUnavailableException.class);
  }
}
