package io.homeward.k8s;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment's rules, each a check over a rendered overlay that returns what breaks it (empty:
 * the rule holds). Kept apart from the tests so that the tests can also feed them objects that
 * break each rule.
 */
final class DeploymentRules {
  /** The two internal services: only the gateway may reach them. */
  static final Set<String> INTERNAL = Set.of("embedder", "search-service");

  static final String GATEWAY = "consent-gateway";

  /** Management ports (health, metrics): the only ports the monitoring namespace may reach. */
  static final Set<Integer> MANAGEMENT_PORTS = Set.of(9102, 9112, 9121);

  private DeploymentRules() {}

  /** A workload's pod template, named {@code Kind/name}. */
  record Pod(String name, PodTemplateSpec template) {
    PodSpec spec() {
      return template.getSpec();
    }

    Map<String, String> labels() {
      return Optional.ofNullable(template.getMetadata().getLabels()).orElse(Map.of());
    }

    String app() {
      return labels().getOrDefault("app.kubernetes.io/name", "");
    }
  }

  static List<Pod> pods(List<HasMetadata> objects) {
    List<Pod> pods = new ArrayList<>();
    for (HasMetadata o : objects) {
      PodTemplateSpec t = null;
      if (o instanceof Deployment d) {
        t = d.getSpec().getTemplate();
      } else if (o instanceof StatefulSet s) {
        t = s.getSpec().getTemplate();
      } else if (o instanceof DaemonSet d) {
        t = d.getSpec().getTemplate();
      } else if (o instanceof Job j) {
        t = j.getSpec().getTemplate();
      } else if (o instanceof CronJob c) {
        t = c.getSpec().getJobTemplate().getSpec().getTemplate();
      }
      if (t != null) {
        pods.add(new Pod(o.getKind() + "/" + o.getMetadata().getName(), t));
      }
    }
    return pods;
  }

  private static List<Container> containers(PodSpec spec) {
    List<Container> all = new ArrayList<>(spec.getContainers());
    if (spec.getInitContainers() != null) {
      all.addAll(spec.getInitContainers());
    }
    return all;
  }

  /** Non-root, read-only root filesystem, no privilege escalation, every capability dropped. */
  static List<String> hardened(List<HasMetadata> objects) {
    List<String> broken = new ArrayList<>();
    for (Pod pod : pods(objects)) {
      PodSecurityContext podContext =
          Optional.ofNullable(pod.spec().getSecurityContext()).orElse(new PodSecurityContext());
      for (Container c : containers(pod.spec())) {
        String where = pod.name() + " container " + c.getName() + ": ";
        SecurityContext sc =
            Optional.ofNullable(c.getSecurityContext()).orElse(new SecurityContext());
        Boolean nonRoot =
            sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podContext.getRunAsNonRoot();
        Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : podContext.getRunAsUser();
        if (!Boolean.TRUE.equals(nonRoot)) {
          broken.add(where + "runAsNonRoot is not true");
        }
        if (user != null && user == 0) {
          broken.add(where + "runs as user 0");
        }
        if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
          broken.add(where + "root filesystem is writable");
        }
        if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
          broken.add(where + "allowPrivilegeEscalation is not false");
        }
        if (Boolean.TRUE.equals(sc.getPrivileged())) {
          broken.add(where + "privileged");
        }
        if (sc.getCapabilities() == null
            || sc.getCapabilities().getDrop() == null
            || !sc.getCapabilities().getDrop().contains("ALL")) {
          broken.add(where + "capabilities not all dropped");
        }
        if (sc.getCapabilities() != null
            && sc.getCapabilities().getAdd() != null
            && !sc.getCapabilities().getAdd().isEmpty()) {
          broken.add(where + "adds capabilities " + sc.getCapabilities().getAdd());
        }
      }
      if (Boolean.TRUE.equals(pod.spec().getHostNetwork())
          || Boolean.TRUE.equals(pod.spec().getHostPID())
          || Boolean.TRUE.equals(pod.spec().getHostIPC())) {
        broken.add(pod.name() + ": shares a host namespace");
      }
      if (pod.spec().getVolumes() != null) {
        for (Volume v : pod.spec().getVolumes()) {
          if (v.getHostPath() != null) {
            broken.add(pod.name() + ": mounts a host path (" + v.getName() + ")");
          }
        }
      }
    }
    return broken;
  }

  /** CPU and memory requests, a memory limit, and liveness and readiness probes. */
  static List<String> resourcesAndProbes(List<HasMetadata> objects) {
    List<String> broken = new ArrayList<>();
    for (Pod pod : pods(objects)) {
      for (Container c : pod.spec().getContainers()) {
        String where = pod.name() + " container " + c.getName() + ": ";
        ResourceRequirements r = c.getResources();
        Map<String, Quantity> requests =
            r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> limits =
            r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        if (!requests.containsKey("cpu")) {
          broken.add(where + "no CPU request");
        }
        if (!requests.containsKey("memory")) {
          broken.add(where + "no memory request");
        }
        if (!limits.containsKey("memory")) {
          broken.add(where + "no memory limit");
        }
        if (c.getLivenessProbe() == null) {
          broken.add(where + "no liveness probe");
        }
        if (c.getReadinessProbe() == null) {
          broken.add(where + "no readiness probe");
        }
      }
    }
    return broken;
  }

  /** Every image named with a tag or a digest, never {@code latest}. */
  static List<String> imagesPinned(List<HasMetadata> objects) {
    List<String> broken = new ArrayList<>();
    for (Pod pod : pods(objects)) {
      for (Container c : containers(pod.spec())) {
        checkImage(pod.name() + " container " + c.getName(), c.getImage(), broken);
      }
    }
    // The operators' images are named in their resources.
    for (HasMetadata o : objects) {
      if (o instanceof GenericKubernetesResource g) {
        Object spec = g.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> s) {
          Object image =
              s.get("imageName") != null
                  ? s.get("imageName")
                  : s.get("components") instanceof Map<?, ?> comp ? comp.get("image") : null;
          if (image != null) {
            checkImage(o.getKind() + "/" + o.getMetadata().getName(), image.toString(), broken);
          }
        }
      }
    }
    return broken;
  }

  private static void checkImage(String where, String image, List<String> broken) {
    if (image == null || image.isBlank()) {
      broken.add(where + ": no image");
      return;
    }
    if (image.contains("@sha256:")) {
      return;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon <= slash) {
      broken.add(where + ": image " + image + " has no tag");
    } else if (image.substring(colon + 1).equals("latest")) {
      broken.add(where + ": image " + image + " is tagged latest");
    }
  }

  /** No Secret carries data: secrets come from the external store. */
  static List<String> noSecretData(List<HasMetadata> objects) {
    List<String> broken = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof Secret s
          && ((s.getData() != null && !s.getData().isEmpty())
              || (s.getStringData() != null && !s.getStringData().isEmpty()))) {
        broken.add("Secret/" + s.getMetadata().getName() + " holds data");
      }
    }
    return broken;
  }

  /**
   * Network policies: a default deny of ingress and egress for every pod, and each workload's pods
   * selected by a policy of their own.
   */
  static List<String> networkPoliciesCover(List<HasMetadata> objects) {
    List<String> broken = new ArrayList<>();
    List<NetworkPolicy> policies = only(objects, NetworkPolicy.class);
    boolean defaultDeny =
        policies.stream()
            .anyMatch(
                p ->
                    Labels.selectsAll(p.getSpec().getPodSelector())
                        && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                        && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty())
                        && (p.getSpec().getEgress() == null || p.getSpec().getEgress().isEmpty()));
    if (!defaultDeny) {
      broken.add("no default-deny policy (all pods, Ingress and Egress, no rule)");
    }
    for (Pod pod : pods(objects)) {
      boolean own =
          policies.stream()
              .anyMatch(
                  p ->
                      !Labels.selectsAll(p.getSpec().getPodSelector())
                          && Labels.matches(p.getSpec().getPodSelector(), pod.labels())
                          && p.getSpec().getPolicyTypes().contains("Ingress"));
      if (!own) {
        broken.add(pod.name() + ": no network policy of its own");
      }
    }
    return broken;
  }

  /**
   * Nothing but the gateway reaches the embedder and the search service (the monitoring namespace
   * only their management ports), and nothing outside the cluster reaches any pod but the gateway.
   */
  static List<String> onlyGatewayReachesServices(List<HasMetadata> objects) {
    List<String> broken = new ArrayList<>();
    Map<String, Map<String, String>> podLabels = new LinkedHashMap<>();
    for (Pod pod : pods(objects)) {
      podLabels.put(pod.app(), pod.labels());
    }
    Map<String, String> gatewayLabels = podLabels.getOrDefault(GATEWAY, Map.of());
    for (NetworkPolicy p : only(objects, NetworkPolicy.class)) {
      if (p.getSpec().getIngress() == null) {
        continue;
      }
      for (String internal : INTERNAL) {
        Map<String, String> labels = podLabels.get(internal);
        if (labels == null || !Labels.matches(p.getSpec().getPodSelector(), labels)) {
          continue;
        }
        for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
          String where = "NetworkPolicy/" + p.getMetadata().getName() + " -> " + internal + ": ";
          if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
            broken.add(where + "a rule with no 'from' admits every source");
            continue;
          }
          for (NetworkPolicyPeer peer : rule.getFrom()) {
            boolean gateway =
                peer.getNamespaceSelector() == null
                    && peer.getIpBlock() == null
                    && peer.getPodSelector() != null
                    && !Labels.selectsAll(peer.getPodSelector())
                    && Labels.matches(peer.getPodSelector(), gatewayLabels)
                    && podLabels.entrySet().stream()
                        .filter(e -> !e.getKey().equals(GATEWAY))
                        .noneMatch(e -> Labels.matches(peer.getPodSelector(), e.getValue()));
            boolean monitoring =
                peer.getNamespaceSelector() != null
                    && peer.getPodSelector() == null
                    && peer.getIpBlock() == null
                    && ports(rule.getPorts()).stream().allMatch(MANAGEMENT_PORTS::contains)
                    && !ports(rule.getPorts()).isEmpty();
            if (!gateway && !monitoring) {
              broken.add(where + "admits " + peer);
            }
          }
        }
      }
    }
    return broken;
  }

  private static List<Integer> ports(List<NetworkPolicyPort> ports) {
    if (ports == null) {
      return List.of();
    }
    return ports.stream()
        .map(NetworkPolicyPort::getPort)
        .filter(Objects::nonNull)
        .map(p -> p.getIntVal() != null ? p.getIntVal() : -1)
        .toList();
  }

  /** Outside traffic enters through the Ingress to the gateway only; no Service is exposed. */
  static List<String> onlyGatewayExposed(List<HasMetadata> objects) {
    List<String> broken = new ArrayList<>();
    for (Ingress ingress : only(objects, Ingress.class)) {
      if (ingress.getSpec().getTls() == null || ingress.getSpec().getTls().isEmpty()) {
        broken.add("Ingress/" + ingress.getMetadata().getName() + ": no TLS");
      }
      for (IngressRule rule : ingress.getSpec().getRules()) {
        rule.getHttp()
            .getPaths()
            .forEach(
                path -> {
                  String service = path.getBackend().getService().getName();
                  if (!service.equals(GATEWAY)) {
                    broken.add("Ingress/" + ingress.getMetadata().getName() + " -> " + service);
                  }
                });
      }
    }
    for (Service s : only(objects, Service.class)) {
      String type = Optional.ofNullable(s.getSpec().getType()).orElse("ClusterIP");
      if (!type.equals("ClusterIP")) {
        broken.add("Service/" + s.getMetadata().getName() + " is " + type);
      }
    }
    return broken;
  }

  /**
   * Every reference resolves within the overlay: secrets the pods mount or read are made by an
   * ExternalSecret or a cert-manager Certificate, config maps exist, autoscalers and disruption
   * budgets find their workload, certificates find their issuer.
   */
  static List<String> referencesResolve(List<HasMetadata> objects) {
    List<String> broken = new ArrayList<>();
    Set<String> secrets = new HashSet<>();
    for (HasMetadata o : objects) {
      if (o instanceof Certificate c) {
        secrets.add(c.getSpec().getSecretName());
      } else if (o instanceof GenericKubernetesResource g && g.getKind().equals("ExternalSecret")) {
        Map<?, ?> spec = (Map<?, ?>) g.getAdditionalProperties().get("spec");
        Map<?, ?> target = spec == null ? null : (Map<?, ?>) spec.get("target");
        secrets.add(
            target != null && target.get("name") != null
                ? target.get("name").toString()
                : g.getMetadata().getName());
      } else if (o instanceof Secret s) {
        secrets.add(s.getMetadata().getName());
      }
    }
    Set<String> configMaps = names(objects, "ConfigMap");
    Set<String> pvcs = names(objects, "PersistentVolumeClaim");
    Set<String> serviceAccounts = names(objects, "ServiceAccount");
    for (Pod pod : pods(objects)) {
      PodSpec spec = pod.spec();
      String sa = spec.getServiceAccountName();
      if (sa != null && !serviceAccounts.contains(sa)) {
        broken.add(pod.name() + ": service account " + sa + " is not defined");
      }
      for (Volume v : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
        if (v.getSecret() != null && !secrets.contains(v.getSecret().getSecretName())) {
          broken.add(
              pod.name() + ": secret " + v.getSecret().getSecretName() + " is made by nothing");
        }
        if (v.getConfigMap() != null && !configMaps.contains(v.getConfigMap().getName())) {
          broken.add(pod.name() + ": config map " + v.getConfigMap().getName() + " is missing");
        }
        if (v.getPersistentVolumeClaim() != null
            && !pvcs.contains(v.getPersistentVolumeClaim().getClaimName())) {
          broken.add(pod.name() + ": claim " + v.getPersistentVolumeClaim().getClaimName());
        }
      }
      for (Container c : containers(spec)) {
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
          if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
            String name = e.getValueFrom().getSecretKeyRef().getName();
            if (!secrets.contains(name)) {
              broken.add(
                  pod.name() + ": " + e.getName() + " reads secret " + name + ", made by nothing");
            }
          }
        }
        for (EnvFromSource e : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
          if (e.getConfigMapRef() != null && !configMaps.contains(e.getConfigMapRef().getName())) {
            broken.add(
                pod.name() + ": config map " + e.getConfigMapRef().getName() + " is missing");
          }
          if (e.getSecretRef() != null && !secrets.contains(e.getSecretRef().getName())) {
            broken.add(
                pod.name() + ": secret " + e.getSecretRef().getName() + " is made by nothing");
          }
        }
      }
    }
    Set<String> deployments = names(objects, "Deployment");
    for (HorizontalPodAutoscaler h : only(objects, HorizontalPodAutoscaler.class)) {
      if (!deployments.contains(h.getSpec().getScaleTargetRef().getName())) {
        broken.add("HorizontalPodAutoscaler/" + h.getMetadata().getName() + ": no such Deployment");
      }
    }
    for (PodDisruptionBudget b : only(objects, PodDisruptionBudget.class)) {
      if (pods(objects).stream()
          .noneMatch(p -> Labels.matches(b.getSpec().getSelector(), p.labels()))) {
        broken.add("PodDisruptionBudget/" + b.getMetadata().getName() + " selects no pod");
      }
    }
    Set<String> issuers = names(objects, "Issuer");
    for (Certificate c : only(objects, Certificate.class)) {
      var ref = c.getSpec().getIssuerRef();
      if ((ref.getKind() == null || ref.getKind().equals("Issuer"))
          && !issuers.contains(ref.getName())) {
        broken.add(
            "Certificate/"
                + c.getMetadata().getName()
                + ": issuer "
                + ref.getName()
                + " is missing");
      }
    }
    for (Issuer i : only(objects, Issuer.class)) {
      if (i.getSpec().getCa() != null && !secrets.contains(i.getSpec().getCa().getSecretName())) {
        broken.add("Issuer/" + i.getMetadata().getName() + ": CA secret is made by nothing");
      }
    }
    return broken;
  }

  /** GPU requests: the embedder's alone, and only where the overlay wants GPUs. */
  static List<String> gpus(List<HasMetadata> objects, boolean embedderOnGpu) {
    List<String> broken = new ArrayList<>();
    for (Pod pod : pods(objects)) {
      boolean wants =
          pod.spec().getContainers().stream()
              .map(Container::getResources)
              .filter(Objects::nonNull)
              .map(ResourceRequirements::getLimits)
              .filter(Objects::nonNull)
              .anyMatch(l -> l.containsKey("nvidia.com/gpu"));
      boolean expected = embedderOnGpu && pod.app().equals("embedder");
      if (wants != expected) {
        broken.add(pod.name() + (wants ? ": asks for a GPU" : ": has no GPU"));
      }
      if (expected) {
        boolean tolerates =
            Optional.ofNullable(pod.spec().getTolerations()).orElse(List.of()).stream()
                .anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()));
        if (!tolerates) {
          broken.add(pod.name() + ": does not tolerate the GPU nodes' taint");
        }
        if (pod.spec().getNodeSelector() == null || pod.spec().getNodeSelector().isEmpty()) {
          broken.add(pod.name() + ": no node selector for GPU nodes");
        }
      }
    }
    return broken;
  }

  static <T> List<T> only(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static Set<String> names(List<HasMetadata> objects, String kind) {
    Set<String> names = new HashSet<>();
    objects.stream()
        .filter(o -> o.getKind().equals(kind))
        .map(o -> o.getMetadata().getName())
        .forEach(names::add);
    return names;
  }

  /** Every environment variable a pod sets, with the value it names (for the config check). */
  static Map<String, String> environment(List<HasMetadata> objects) {
    Map<String, String> env = new LinkedHashMap<>();
    for (HasMetadata o : objects) {
      if (o.getKind().equals("ConfigMap")) {
        Map<String, String> data = ((io.fabric8.kubernetes.api.model.ConfigMap) o).getData();
        if (data != null) {
          env.putAll(data);
        }
      }
    }
    for (Pod pod : pods(objects)) {
      for (Container c : containers(pod.spec())) {
        Optional.ofNullable(c.getEnv())
            .orElse(List.of())
            .forEach(e -> env.put(e.getName(), Objects.toString(e.getValue(), "")));
      }
    }
    return env;
  }
}
