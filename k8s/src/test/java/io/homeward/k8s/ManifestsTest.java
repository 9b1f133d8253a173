package io.homeward.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay rendered, parsed strictly, and held to the deployment's rules. */
class ManifestsTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyObjectParsesStrictlyAgainstItsApiType(String overlay) {
    List<HasMetadata> objects = Overlays.objects(overlay);
    assertThat(objects).hasSizeGreaterThan(30);
    List<String> unknown = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof GenericKubernetesResource g) {
        String key = g.getApiVersion() + "/" + g.getKind();
        assertThat(StrictModel.OPERATOR_KINDS)
            .as("%s has neither a fabric8 model nor a schema here", key)
            .contains(key);
        unknown.addAll(OperatorSchemas.unknownFields(g));
      } else {
        unknown.addAll(StrictModel.unknownFields(o));
      }
    }
    assertThat(unknown).as("fields the API types do not define").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everythingLivesInTheHomewardNamespace(String overlay) {
    for (HasMetadata o : Overlays.objects(overlay)) {
      if (o.getKind().equals("Namespace")) {
        assertThat(o.getMetadata().getName()).isEqualTo("homeward");
        assertThat(o.getMetadata().getLabels())
            .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
      } else {
        assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo("homeward");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void containersAreNonRootWithAReadOnlyRootAndNoPrivileges(String overlay) {
    assertThat(DeploymentRules.hardened(Overlays.objects(overlay))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void containersHaveResourcesAndProbes(String overlay) {
    assertThat(DeploymentRules.resourcesAndProbes(Overlays.objects(overlay))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void imagesArePinnedNeverLatest(String overlay) {
    assertThat(DeploymentRules.imagesPinned(Overlays.objects(overlay))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void noSecretCarriesData(String overlay) {
    assertThat(DeploymentRules.noSecretData(Overlays.objects(overlay))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyPodIsCoveredByANetworkPolicy(String overlay) {
    assertThat(DeploymentRules.networkPoliciesCover(Overlays.objects(overlay))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void onlyTheGatewayReachesTheEmbedderAndTheSearchService(String overlay) {
    assertThat(DeploymentRules.onlyGatewayReachesServices(Overlays.objects(overlay))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void onlyTheGatewayIsExposedAndOnlyOverTls(String overlay) {
    assertThat(DeploymentRules.onlyGatewayExposed(Overlays.objects(overlay))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyReferenceResolvesWithinTheOverlay(String overlay) {
    assertThat(DeploymentRules.referencesResolve(Overlays.objects(overlay))).isEmpty();
  }

  @Test
  void theEmbedderRunsOnGpuNodesInProdAndOnCpuInDev() {
    assertThat(DeploymentRules.gpus(Overlays.objects("prod"), true)).isEmpty();
    assertThat(DeploymentRules.gpus(Overlays.objects("dev"), false)).isEmpty();
  }

  @Test
  void prodIsHighlyAvailableAndDevIsOneOfEach() {
    for (var d :
        DeploymentRules.only(
            Overlays.objects("prod"), io.fabric8.kubernetes.api.model.apps.Deployment.class)) {
      assertThat(d.getSpec().getReplicas()).as(d.getMetadata().getName()).isGreaterThanOrEqualTo(2);
    }
    for (var d :
        DeploymentRules.only(
            Overlays.objects("dev"), io.fabric8.kubernetes.api.model.apps.Deployment.class)) {
      assertThat(d.getSpec().getReplicas()).as(d.getMetadata().getName()).isEqualTo(1);
    }
    Map<String, Object> prodMilvus = operatorSpec("prod", "Milvus");
    Map<String, Object> devMilvus = operatorSpec("dev", "Milvus");
    assertThat(prodMilvus).containsEntry("mode", "cluster");
    assertThat(devMilvus).containsEntry("mode", "standalone");
    assertThat(operatorSpec("prod", "Cluster")).containsEntry("instances", 3).containsKey("backup");
    assertThat(operatorSpec("dev", "Cluster"))
        .containsEntry("instances", 1)
        .doesNotContainKey("backup");
  }

  /**
   * Every {@code HOMEWARD_*} variable the manifests set is one a service reads: named in an {@code
   * application.properties}, or under a configuration root that Quarkus maps from the environment.
   * A misspelt variable would otherwise be ignored and the service would run on its default.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyHomewardVariableIsReadByAService(String overlay) throws IOException {
    Set<String> read = new TreeSet<>();
    Pattern reference = Pattern.compile("\\$\\{(HOMEWARD_[A-Z0-9_]+)");
    for (String module : List.of("embedder", "search-service", "consent-gateway")) {
      Path properties =
          Overlays.root()
              .getParent()
              .resolve(module)
              .resolve("src/main/resources/application.properties");
      Matcher m = reference.matcher(Files.readString(properties));
      while (m.find()) {
        read.add(m.group(1));
      }
    }
    assertThat(read).contains("HOMEWARD_DB_URL", "HOMEWARD_TLS_CERT");
    List<String> mapped = List.of("HOMEWARD_GATEWAY_", "HOMEWARD_EMBEDDER_", "HOMEWARD_SEARCH_");
    List<String> unread = new ArrayList<>();
    for (String name : DeploymentRules.environment(Overlays.objects(overlay)).keySet()) {
      if (name.startsWith("HOMEWARD_")
          && !read.contains(name)
          && mapped.stream().noneMatch(name::startsWith)) {
        unread.add(name);
      }
    }
    assertThat(unread).as("variables no service reads").isEmpty();
  }

  /** Not only the rendered output: no file under k8s/ holds a Secret with data. */
  @Test
  void noFileInTheRepositoryHoldsSecretData() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Overlays.root())) {
      for (Path f :
          files
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .toList()) {
        if (f.toString().contains("/target/")) {
          continue;
        }
        String text = Files.readString(f);
        if (!text.contains("kind: Secret")) {
          continue;
        }
        for (String doc : text.split("(?m)^---\\s*$")) {
          if (doc.matches("(?s).*(?m)^kind:\\s*Secret\\s*$.*")) {
            List<HasMetadata> parsed = Overlays.parse(doc);
            found.addAll(
                DeploymentRules.noSecretData(parsed).stream().map(s -> f + ": " + s).toList());
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }

  /**
   * The example realm gives the gateway what it reads: a group per role of the gateway's {@code
   * Role} enum in the {@code groups} claim, the organisation in {@code org}, the gateway as the
   * audience, and a confidential client using the code flow with PKCE only.
   */
  @Test
  void theExampleRealmCarriesTheClaimsTheGatewayReads() throws IOException {
    Path root = Overlays.root();
    com.fasterxml.jackson.databind.JsonNode realm =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(root.resolve("identity/homeward-realm.json").toFile());
    String roleSource =
        Files.readString(
            root.getParent()
                .resolve("consent-gateway/src/main/java/io/homeward/gateway/domain/Role.java"));
    Set<String> roles = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\s+([A-Z_]+)[,;]?\\s*$").matcher(roleSource);
    while (m.find()) {
      roles.add(m.group(1));
    }
    Set<String> groups = new TreeSet<>();
    realm.get("groups").forEach(g -> groups.add(g.get("name").asText()));
    assertThat(roles).hasSizeGreaterThanOrEqualTo(6);
    assertThat(groups).isEqualTo(roles);

    com.fasterxml.jackson.databind.JsonNode client = realm.get("clients").get(0);
    assertThat(client.get("clientId").asText()).isEqualTo("homeward-gateway");
    assertThat(client.get("publicClient").asBoolean()).isFalse();
    assertThat(client.get("implicitFlowEnabled").asBoolean()).isFalse();
    assertThat(client.get("directAccessGrantsEnabled").asBoolean()).isFalse();
    assertThat(client.get("attributes").get("pkce.code.challenge.method").asText())
        .isEqualTo("S256");
    Map<String, String> claims = new java.util.HashMap<>();
    client
        .get("protocolMappers")
        .forEach(
            mapper -> {
              var config = mapper.get("config");
              if (config.has("claim.name")) {
                claims.put(
                    mapper.get("protocolMapper").asText(), config.get("claim.name").asText());
              }
              if (config.has("included.client.audience")) {
                claims.put("audience", config.get("included.client.audience").asText());
              }
            });
    assertThat(claims)
        .containsEntry("oidc-group-membership-mapper", "groups")
        .containsEntry("oidc-usermodel-attribute-mapper", "org")
        .containsEntry("audience", "homeward-gateway");
    String gatewayProperties =
        Files.readString(
            root.getParent().resolve("consent-gateway/src/main/resources/application.properties"));
    assertThat(gatewayProperties).contains("mp.jwt.verify.audiences=homeward-gateway");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> operatorSpec(String overlay, String kind) {
    return Overlays.objects(overlay).stream()
        .filter(o -> o.getKind().equals(kind) && o instanceof GenericKubernetesResource)
        .map(
            o ->
                (Map<String, Object>)
                    ((GenericKubernetesResource) o).getAdditionalProperties().get("spec"))
        .findFirst()
        .orElseThrow();
  }
}
