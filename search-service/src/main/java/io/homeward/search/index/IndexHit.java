package io.homeward.search.index;

import io.homeward.search.domain.FaceAttributes;

/** A face the index found, with its cosine similarity to the query. */
public record IndexHit(FaceAttributes attributes, float score) {}
