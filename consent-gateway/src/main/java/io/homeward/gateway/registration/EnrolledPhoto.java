package io.homeward.gateway.registration;

import io.homeward.gateway.domain.PhotoVerdict;
import io.homeward.gateway.store.PhotoRecord;

/** An enrolled photo and what the quality gate saw in it, for the person who uploaded it. */
public record EnrolledPhoto(PhotoRecord photo, PhotoVerdict verdict) {}
