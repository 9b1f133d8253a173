package io.homeward.gateway.enrolment;

import io.homeward.gateway.domain.PhotoSource;

/** A photo to enrol under a case, already parsed and checked for shape by the REST layer. */
public record NewPhoto(byte[] image, PhotoSource source, Float ageAtPhoto, Integer photoYear) {}
