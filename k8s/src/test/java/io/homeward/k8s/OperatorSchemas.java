package io.homeward.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields that the operators' resources may hold, for the kinds without a fabric8 model (their
 * CRDs are not in any registry this build reaches). Written from each operator's API reference:
 * CloudNativePG 1.25 ({@code postgresql.cnpg.io/v1}), Milvus Operator 1.x ({@code
 * milvus.io/v1beta1}), External Secrets Operator 0.17+ ({@code external-secrets.io/v1}). Checks the
 * levels where a misspelling is likely; deeper levels are the operators' own Helm values.
 */
final class OperatorSchemas {
  private OperatorSchemas() {}

  private static final Map<String, Map<String, Set<String>>> ALLOWED =
      Map.of(
          "Cluster",
          Map.of(
              "spec",
              Set.of(
                  "instances",
                  "imageName",
                  "primaryUpdateStrategy",
                  "primaryUpdateMethod",
                  "minSyncReplicas",
                  "maxSyncReplicas",
                  "enableSuperuserAccess",
                  "postgresql",
                  "bootstrap",
                  "managed",
                  "certificates",
                  "storage",
                  "walStorage",
                  "resources",
                  "affinity",
                  "monitoring",
                  "backup",
                  "description",
                  "superuserSecret",
                  "startDelay",
                  "stopDelay",
                  "switchoverDelay",
                  "failoverDelay",
                  "logLevel",
                  "priorityClassName",
                  "topologySpreadConstraints",
                  "plugins",
                  "env",
                  "replicationSlots",
                  "projectedVolumeTemplate",
                  "enablePDB"),
              "spec.backup",
              Set.of("retentionPolicy", "barmanObjectStore", "volumeSnapshot", "target"),
              "spec.backup.barmanObjectStore",
              Set.of(
                  "destinationPath",
                  "endpointURL",
                  "s3Credentials",
                  "azureCredentials",
                  "googleCredentials",
                  "wal",
                  "data",
                  "serverName",
                  "tags",
                  "historyTags",
                  "endpointCA"),
              "spec.bootstrap.initdb",
              Set.of(
                  "database",
                  "owner",
                  "secret",
                  "encoding",
                  "localeCollate",
                  "localeCType",
                  "dataChecksums",
                  "walSegmentSize",
                  "postInitSQL",
                  "postInitApplicationSQL",
                  "postInitTemplateSQL",
                  "import"),
              "spec.certificates",
              Set.of(
                  "serverCASecret",
                  "serverTLSSecret",
                  "clientCASecret",
                  "replicationTLSSecret",
                  "serverAltDNSNames"),
              "spec.affinity",
              Set.of(
                  "enablePodAntiAffinity",
                  "topologyKey",
                  "podAntiAffinityType",
                  "nodeSelector",
                  "tolerations",
                  "nodeAffinity",
                  "additionalPodAffinity",
                  "additionalPodAntiAffinity")),
          "ScheduledBackup",
          Map.of(
              "spec",
              Set.of(
                  "schedule",
                  "backupOwnerReference",
                  "cluster",
                  "immediate",
                  "suspend",
                  "target",
                  "method",
                  "online",
                  "pluginConfiguration")),
          "Milvus",
          Map.of(
              "spec",
              Set.of("mode", "components", "dependencies", "config", "hookConfig"),
              "spec.components",
              Set.of(
                  "image",
                  "imagePullPolicy",
                  "imagePullSecrets",
                  "env",
                  "nodeSelector",
                  "tolerations",
                  "resources",
                  "volumes",
                  "volumeMounts",
                  "serviceAccountName",
                  "enableRollingUpdate",
                  "imageUpdateMode",
                  "paused",
                  "podLabels",
                  "podAnnotations",
                  "disableMetrics",
                  "metricInterval",
                  "toolImage",
                  "updateToolImage",
                  "proxy",
                  "rootCoord",
                  "indexCoord",
                  "dataCoord",
                  "queryCoord",
                  "indexNode",
                  "dataNode",
                  "queryNode",
                  "mixCoord",
                  "standalone",
                  "streamingNode"),
              "spec.dependencies",
              Set.of(
                  "etcd",
                  "storage",
                  "msgStreamType",
                  "pulsar",
                  "kafka",
                  "rocksmq",
                  "natsmq",
                  "woodpecker",
                  "customMsgStream")),
          "ExternalSecret",
          Map.of(
              "spec",
              Set.of(
                  "refreshInterval",
                  "refreshPolicy",
                  "secretStoreRef",
                  "target",
                  "data",
                  "dataFrom"),
              "spec.target",
              Set.of("name", "creationPolicy", "deletionPolicy", "template", "immutable")),
          "SecretStore",
          Map.of(
              "spec",
              Set.of("provider", "controller", "retrySettings", "refreshInterval", "conditions")));

  /** Fields these resources hold that their operators do not define, as {@code Kind/name: path}. */
  static List<String> unknownFields(GenericKubernetesResource object) {
    List<String> found = new ArrayList<>();
    Map<String, Set<String>> levels = ALLOWED.get(object.getKind());
    if (levels == null) {
      found.add(object.getApiVersion() + "/" + object.getKind() + " has no schema here");
      return found;
    }
    String where = object.getKind() + "/" + object.getMetadata().getName() + ": ";
    for (String key : object.getAdditionalProperties().keySet()) {
      if (!Set.of("spec").contains(key)) {
        found.add(where + key);
      }
    }
    levels.forEach(
        (path, allowed) -> {
          Object node = at(object.getAdditionalProperties(), path);
          if (node instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
              if (!allowed.contains(key.toString())) {
                found.add(where + path + "." + key);
              }
            }
          }
        });
    return found;
  }

  private static Object at(Map<String, Object> root, String path) {
    Object node = root;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(part);
    }
    return node;
  }
}
