package io.homeward.search.store.lucene;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Sex;
import io.homeward.search.domain.Side;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;

/** How a face is laid out as a Lucene document, and read back. */
final class FaceDocuments {
  static final String FACE_ID = "face_id";
  static final String CASE_REF = "case_ref";
  static final String SIDE = "side";
  static final String STATUS = "status";
  static final String SEX = "sex";
  static final String BIRTH_YEAR_FROM = "birth_year_from";
  static final String BIRTH_YEAR_TO = "birth_year_to";
  static final String AGE_AT_PHOTO = "age_at_photo";
  static final String PHOTO_YEAR = "photo_year";
  static final String REGION = "region";
  static final String VECTOR = "vector";

  /** Vectors are unit length, so the dot product is the cosine and the cheapest metric. */
  static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

  private FaceDocuments() {}

  static Term faceIdTerm(long faceId) {
    return new Term(FACE_ID, Long.toString(faceId));
  }

  static Term caseTerm(String caseRef) {
    return new Term(CASE_REF, caseRef);
  }

  static Term sideTerm(Side side) {
    return new Term(SIDE, side.name());
  }

  static Term statusTerm(CaseStatus status) {
    return new Term(STATUS, status.name());
  }

  static Document toDocument(FaceRecord face) {
    FaceAttributes a = face.attributes();
    Document doc = new Document();
    doc.add(new StringField(FACE_ID, Long.toString(a.faceId()), Field.Store.YES));
    doc.add(new StringField(CASE_REF, a.caseRef(), Field.Store.YES));
    doc.add(new StringField(SIDE, a.side().name(), Field.Store.YES));
    doc.add(new StringField(STATUS, a.status().name(), Field.Store.YES));
    doc.add(new StoredField(SEX, a.sex().name()));
    doc.add(new StoredField(BIRTH_YEAR_FROM, a.birthYearFrom()));
    doc.add(new StoredField(BIRTH_YEAR_TO, a.birthYearTo()));
    doc.add(new StoredField(AGE_AT_PHOTO, a.ageAtPhoto()));
    doc.add(new StoredField(PHOTO_YEAR, a.photoYear()));
    doc.add(new StoredField(REGION, a.regionCode()));
    doc.add(new KnnFloatVectorField(VECTOR, face.copyVector(), SIMILARITY));
    return doc;
  }

  static FaceAttributes toAttributes(Document doc) {
    return new FaceAttributes(
        Long.parseLong(doc.get(FACE_ID)),
        doc.get(CASE_REF),
        Side.valueOf(doc.get(SIDE)),
        Sex.valueOf(doc.get(SEX)),
        doc.getField(BIRTH_YEAR_FROM).numericValue().intValue(),
        doc.getField(BIRTH_YEAR_TO).numericValue().intValue(),
        doc.getField(AGE_AT_PHOTO).numericValue().floatValue(),
        doc.getField(PHOTO_YEAR).numericValue().intValue(),
        doc.get(REGION),
        CaseStatus.valueOf(doc.get(STATUS)));
  }

  /** Lucene scores DOT_PRODUCT as {@code (1 + dot) / 2}; callers want the cosine. */
  static float cosineOf(float luceneScore) {
    return Math.max(-1f, Math.min(1f, 2f * luceneScore - 1f));
  }
}
