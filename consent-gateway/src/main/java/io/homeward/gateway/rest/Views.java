package io.homeward.gateway.rest;

import io.homeward.gateway.cases.CaseService;
import io.homeward.gateway.domain.PhotoVerdict;
import io.homeward.gateway.registration.EnrolledPhoto;
import io.homeward.gateway.store.PhotoRecord;

/** Service records to response bodies. */
final class Views {
  private Views() {}

  static Dtos.CaseView caseView(CaseService.CaseDetails d) {
    var s = d.subject();
    return new Dtos.CaseView(
        d.record().id(),
        d.record().side().name(),
        d.record().status().name(),
        d.record().verified(),
        d.record().createdAt().toString(),
        new Dtos.SubjectView(
            s.sex(),
            s.birthYearFrom(),
            s.birthYearTo(),
            s.eventDate() == null ? null : s.eventDate().toString(),
            s.regionCode(),
            d.location().orElse(null),
            s.protectedPerson()),
        d.consents().stream()
            .map(
                k ->
                    new Dtos.ConsentView(
                        k.id(),
                        k.basis().name(),
                        k.givenBy().name(),
                        k.verified(),
                        k.expiresAt() == null ? null : k.expiresAt().toString(),
                        k.withdrawnAt() == null ? null : k.withdrawnAt().toString()))
            .toList(),
        d.photos().stream().map(Views::photoView).toList());
  }

  /** An enrolled photo with what the quality gate saw in it (the box and issues, no vector). */
  static Dtos.EnrolledPhotoView enrolledView(EnrolledPhoto e) {
    PhotoRecord p = e.photo();
    return new Dtos.EnrolledPhotoView(
        p.id(),
        p.source().name(),
        p.ageAtPhoto(),
        p.photoYear(),
        p.state().name(),
        e.verdict() == null ? null : verdictView(e.verdict()),
        e.casePhotos(),
        e.morePhotosAdvised());
  }

  static Dtos.VerdictView verdictView(PhotoVerdict v) {
    return new Dtos.VerdictView(
        v.width(),
        v.height(),
        v.manualBox(),
        v.faces().stream()
            .map(
                f ->
                    new Dtos.FaceView(
                        new Dtos.BoxView(
                            f.box().x(), f.box().y(), f.box().width(), f.box().height()),
                        f.issues().stream().map(Enum::name).toList()))
            .toList());
  }

  static Dtos.PhotoView photoView(PhotoRecord p) {
    return new Dtos.PhotoView(
        p.id(), p.source().name(), p.ageAtPhoto(), p.photoYear(), p.state().name());
  }
}
