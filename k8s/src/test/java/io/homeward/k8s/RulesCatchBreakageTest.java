package io.homeward.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule, fed an object that breaks it, says so: the checks in ManifestsTest can fail. */
class RulesCatchBreakageTest {

  private static final String WEAK_DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: embedder}
      spec:
        selector: {matchLabels: {app.kubernetes.io/name: embedder}}
        template:
          metadata: {labels: {app.kubernetes.io/name: embedder}}
          spec:
            containers:
              - name: embedder
                image: ghcr.io/homeward-project/embedder:latest
                securityContext:
                  readOnlyRootFileSystem: true
      """;

  @Test
  void aMisspeltFieldIsReportedWithItsPath() {
    List<HasMetadata> objects = Overlays.parse(WEAK_DEPLOYMENT);
    assertThat(StrictModel.unknownFields(objects.get(0)))
        .containsExactly(
            "Deployment/embedder: spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem");
  }

  @Test
  void aContainerThatMayRunAsRootWithAWritableRootIsRefused() {
    assertThat(DeploymentRules.hardened(Overlays.parse(WEAK_DEPLOYMENT)))
        .anyMatch(s -> s.endsWith("runAsNonRoot is not true"))
        .anyMatch(s -> s.endsWith("root filesystem is writable"))
        .anyMatch(s -> s.endsWith("capabilities not all dropped"))
        .anyMatch(s -> s.endsWith("allowPrivilegeEscalation is not false"));
  }

  @Test
  void missingResourcesAndProbesAndTheLatestTagAreRefused() {
    List<HasMetadata> objects = Overlays.parse(WEAK_DEPLOYMENT);
    assertThat(DeploymentRules.resourcesAndProbes(objects))
        .hasSize(5)
        .anyMatch(s -> s.endsWith("no liveness probe"))
        .anyMatch(s -> s.endsWith("no memory limit"));
    assertThat(DeploymentRules.imagesPinned(objects))
        .singleElement()
        .asString()
        .endsWith("is tagged latest");
    String untagged = WEAK_DEPLOYMENT.replace("embedder:latest", "embedder");
    assertThat(DeploymentRules.imagesPinned(Overlays.parse(untagged)))
        .singleElement()
        .asString()
        .endsWith("has no tag");
  }

  @Test
  void aSecretWithDataIsRefused() {
    String secret =
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: leaked}
        stringData: {password: hunter2}
        """;
    assertThat(DeploymentRules.noSecretData(Overlays.parse(secret)))
        .containsExactly("Secret/leaked holds data");
  }

  @Test
  void aPolicyLettingAnotherNamespaceReachTheEmbedderIsRefused() {
    String objects =
        WEAK_DEPLOYMENT
            + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: too-open}
            spec:
              podSelector: {matchLabels: {app.kubernetes.io/name: embedder}}
              policyTypes: [Ingress]
              ingress:
                - from:
                    - namespaceSelector: {matchLabels: {team: analytics}}
                  ports: [{protocol: TCP, port: 9101}]
                - ports: [{protocol: TCP, port: 9101}]
            """;
    List<HasMetadata> parsed = Overlays.parse(objects);
    assertThat(DeploymentRules.onlyGatewayReachesServices(parsed))
        .hasSize(2)
        .anyMatch(s -> s.contains("admits"))
        .anyMatch(s -> s.contains("no 'from' admits every source"));
    assertThat(DeploymentRules.networkPoliciesCover(parsed))
        .containsExactly("no default-deny policy (all pods, Ingress and Egress, no rule)");
  }

  @Test
  void aPodWithoutAPolicyOfItsOwnIsReported() {
    String objects =
        WEAK_DEPLOYMENT
            + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny}
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
            """;
    assertThat(DeploymentRules.networkPoliciesCover(Overlays.parse(objects)))
        .containsExactly("Deployment/embedder: no network policy of its own");
  }

  @Test
  void aSecretThatNothingMakesIsReported() {
    String objects =
        WEAK_DEPLOYMENT.replace(
            "    containers:",
            "    volumes:\n"
                + "      - name: tls\n"
                + "        secret: {secretName: nobody-makes-this}\n"
                + "    containers:");
    assertThat(DeploymentRules.referencesResolve(Overlays.parse(objects)))
        .containsExactly("Deployment/embedder: secret nobody-makes-this is made by nothing");
  }

  @Test
  void aMisspeltOperatorFieldIsReported() {
    String milvus =
        """
        apiVersion: milvus.io/v1beta1
        kind: Milvus
        metadata: {name: vectors}
        spec:
          mode: cluster
          dependancies: {}
          components: {queryNodes: {replicas: 2}}
        """;
    List<String> unknown = new ArrayList<>();
    for (HasMetadata o : Overlays.parse(milvus)) {
      unknown.addAll(OperatorSchemas.unknownFields((GenericKubernetesResource) o));
    }
    assertThat(unknown)
        .containsExactlyInAnyOrder(
            "Milvus/vectors: spec.dependancies", "Milvus/vectors: spec.components.queryNodes");
  }

  @Test
  void aGpuOutsideTheEmbedderOrAnEmbedderWithoutOneIsReported() {
    assertThat(DeploymentRules.gpus(Overlays.parse(WEAK_DEPLOYMENT), true))
        .containsExactly(
            "Deployment/embedder: has no GPU",
            "Deployment/embedder: does not tolerate the GPU nodes' taint",
            "Deployment/embedder: no node selector for GPU nodes");
    String gpu =
        WEAK_DEPLOYMENT.replace(
            "          image:",
            "          resources: {limits: {nvidia.com/gpu: 1}}\n          image:");
    assertThat(DeploymentRules.gpus(Overlays.parse(gpu), false))
        .containsExactly("Deployment/embedder: asks for a GPU");
  }
}
