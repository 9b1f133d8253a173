package io.homeward.search.store.milvus;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.IndexSchemaException;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq.CollectionSchema;
import io.milvus.v2.service.collection.request.CreateCollectionReq.FieldSchema;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The shape of a face collection: one per vector space, created and checked here only. */
final class MilvusSchema {
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

  /** Every scalar field, returned with each hit. */
  static final List<String> SCALARS =
      List.of(
          FACE_ID,
          CASE_REF,
          SIDE,
          STATUS,
          SEX,
          BIRTH_YEAR_FROM,
          BIRTH_YEAR_TO,
          AGE_AT_PHOTO,
          PHOTO_YEAR,
          REGION);

  static final IndexParam.MetricType METRIC = IndexParam.MetricType.COSINE;
  static final IndexParam.IndexType INDEX_TYPE = IndexParam.IndexType.HNSW;
  static final int HNSW_M = 16;
  static final int HNSW_EF_CONSTRUCTION = 200;

  /** The side is the partition key; two values need few partitions. */
  static final int PARTITIONS = 16;

  private record Field(DataType type, Integer maxLength) {}

  private static final Map<String, Field> SCALAR_FIELDS = scalarFields();

  private MilvusSchema() {}

  private static Map<String, Field> scalarFields() {
    Map<String, Field> fields = new LinkedHashMap<>();
    fields.put(FACE_ID, new Field(DataType.Int64, null));
    fields.put(CASE_REF, new Field(DataType.VarChar, 64));
    fields.put(SIDE, new Field(DataType.VarChar, 16));
    fields.put(STATUS, new Field(DataType.VarChar, 16));
    fields.put(SEX, new Field(DataType.VarChar, 16));
    fields.put(BIRTH_YEAR_FROM, new Field(DataType.Int32, null));
    fields.put(BIRTH_YEAR_TO, new Field(DataType.Int32, null));
    fields.put(AGE_AT_PHOTO, new Field(DataType.Float, null));
    fields.put(PHOTO_YEAR, new Field(DataType.Int32, null));
    fields.put(REGION, new Field(DataType.VarChar, 16));
    return fields;
  }

  static CreateCollectionReq createRequest(String collection, VectorSpace space) {
    CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.setEnableDynamicField(false);
    SCALAR_FIELDS.forEach(
        (name, field) -> {
          AddFieldReq.AddFieldReqBuilder<?, ?> add =
              AddFieldReq.builder().fieldName(name).dataType(field.type());
          if (field.maxLength() != null) {
            add.maxLength(field.maxLength());
          }
          if (name.equals(FACE_ID)) {
            add.isPrimaryKey(true).autoID(false);
          }
          if (name.equals(SIDE)) {
            add.isPartitionKey(true);
          }
          schema.addField(add.build());
        });
    schema.addField(
        AddFieldReq.builder()
            .fieldName(VECTOR)
            .dataType(DataType.FloatVector)
            .dimension(space.dimension())
            .build());
    IndexParam index =
        IndexParam.builder()
            .fieldName(VECTOR)
            .indexType(INDEX_TYPE)
            .metricType(METRIC)
            .extraParams(Map.of("M", HNSW_M, "efConstruction", HNSW_EF_CONSTRUCTION))
            .build();
    return CreateCollectionReq.builder()
        .collectionName(collection)
        .description("Homeward faces of " + space)
        .collectionSchema(schema)
        .enableDynamicField(false)
        .numShards(1)
        .numPartitions(PARTITIONS)
        .indexParams(List.of(index))
        .consistencyLevel(ConsistencyLevel.STRONG)
        .build();
  }

  /**
   * Checks an existing collection against the expected shape.
   *
   * @throws IndexSchemaException naming the first difference
   */
  static void verify(
      String collection, VectorSpace space, CollectionSchema actual, DescribeIndexResp index) {
    Map<String, FieldSchema> fields =
        actual.getFieldSchemaList().stream()
            .collect(Collectors.toMap(FieldSchema::getName, f -> f, (a, b) -> a));
    for (Map.Entry<String, Field> expected : SCALAR_FIELDS.entrySet()) {
      FieldSchema field = fields.get(expected.getKey());
      if (field == null) {
        throw mismatch(collection, "field " + expected.getKey() + " is missing");
      }
      if (field.getDataType() != expected.getValue().type()) {
        throw mismatch(
            collection,
            "field "
                + expected.getKey()
                + " is "
                + field.getDataType()
                + ", expected "
                + expected.getValue().type());
      }
      Integer maxLength = expected.getValue().maxLength();
      if (maxLength != null && !Objects.equals(field.getMaxLength(), maxLength)) {
        throw mismatch(
            collection,
            "field " + expected.getKey() + " holds " + field.getMaxLength() + " characters");
      }
    }
    if (!Boolean.TRUE.equals(fields.get(FACE_ID).getIsPrimaryKey())) {
      throw mismatch(collection, FACE_ID + " is not the primary key");
    }
    FieldSchema vector = fields.get(VECTOR);
    if (vector == null || vector.getDataType() != DataType.FloatVector) {
      throw mismatch(collection, "float vector field " + VECTOR + " is missing");
    }
    if (!Objects.equals(vector.getDimension(), space.dimension())) {
      throw mismatch(
          collection,
          "vectors have dimension " + vector.getDimension() + ", expected " + space.dimension());
    }
    if (fields.size() != SCALAR_FIELDS.size() + 1) {
      throw mismatch(collection, "it holds fields this version does not know");
    }
    DescribeIndexResp.IndexDesc desc = index == null ? null : index.getIndexDescByFieldName(VECTOR);
    if (desc == null) {
      throw mismatch(collection, "the vector field has no index");
    }
    if (desc.getMetricType() != METRIC) {
      throw mismatch(
          collection, "the vector index uses " + desc.getMetricType() + ", expected " + METRIC);
    }
  }

  private static IndexSchemaException mismatch(String collection, String what) {
    return new IndexSchemaException(
        "Milvus collection " + collection + " does not have the expected shape: " + what);
  }
}
