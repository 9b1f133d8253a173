package io.homeward.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict parsing against the API types: fabric8's model keeps every field it does not know in an
 * {@code additionalProperties} map instead of failing, so a misspelt field ({@code
 * readOnlyRootFileSystem}) would be silently dropped by the API server too. This walks a parsed
 * object and reports every such field with its path. Kinds without a fabric8 model (the operators'
 * resources) are checked by {@link OperatorSchemas} instead.
 */
final class StrictModel {
  private StrictModel() {}

  /** The fields that the model did not know, as {@code Kind/name: path.to.field}. */
  static List<String> unknownFields(HasMetadata object) {
    List<String> found = new ArrayList<>();
    String where = object.getKind() + "/" + object.getMetadata().getName() + ": ";
    if (object instanceof GenericKubernetesResource) {
      return found;
    }
    walk(object, "", where, found);
    return found;
  }

  private static void walk(Object value, String path, String where, List<String> found) {
    if (value == null) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, where, found));
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", where, found);
      }
      return;
    }
    Class<?> type = value.getClass();
    if (!type.getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object fieldValue;
        try {
          fieldValue = field.get(value);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (field.getName().equals("additionalProperties")) {
          if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
            for (Object key : extra.keySet()) {
              found.add(where + (path.isEmpty() ? "" : path.substring(1) + ".") + key);
            }
          }
          continue;
        }
        walk(fieldValue, path + "." + field.getName(), where, found);
      }
    }
  }

  /** Kinds that have no fabric8 model here and are checked by {@link OperatorSchemas}. */
  static final Set<String> OPERATOR_KINDS =
      Set.of(
          "postgresql.cnpg.io/v1/Cluster",
          "postgresql.cnpg.io/v1/ScheduledBackup",
          "milvus.io/v1beta1/Milvus",
          "external-secrets.io/v1/ExternalSecret",
          "external-secrets.io/v1/SecretStore");
}
