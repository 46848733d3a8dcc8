import { createHash } from "node:crypto";
import { z } from "zod";
import type { ClusterNode } from "./driver";

/** JSON object of a Kubernetes resource as the emulator stores it. */
export type KubernetesObject = Record<string, unknown> & { metadata: ObjectMeta };

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  [field: string]: unknown;
}

const dns1123LabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035LabelPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const dns1123SubdomainPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const dns1123Label = z.string().max(63).regex(dns1123LabelPattern, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'");
const dns1035Label = z.string().max(63).regex(dns1035LabelPattern, "a DNS-1035 label must start with a letter and consist of lower case alphanumeric characters or '-'");
const dns1123Subdomain = z.string().max(253).regex(dns1123SubdomainPattern, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'");

const objectMetaSchema = (name: z.ZodString) =>
  z.looseObject({
    name,
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    resourceVersion: z.string().optional(),
  });

const labelMap = z.record(z.string(), z.string());

const deploymentSchema = z
  .looseObject({
    apiVersion: z.literal("apps/v1"),
    kind: z.literal("Deployment"),
    metadata: objectMetaSchema(dns1123Subdomain),
    spec: z.looseObject({
      replicas: z.number().int().min(0).optional(),
      selector: z.looseObject({ matchLabels: labelMap.refine((labels) => Object.keys(labels).length > 0, "empty selector is invalid for deployment") }),
      template: z.looseObject({
        metadata: z.looseObject({ labels: labelMap }),
        spec: z.looseObject({
          containers: z.array(z.looseObject({ name: dns1123Label, image: z.string().min(1) })).min(1),
        }),
      }),
    }),
  })
  .superRefine((deployment, context) => {
    const templateLabels = deployment.spec.template.metadata.labels;
    const matches = Object.entries(deployment.spec.selector.matchLabels).every(([key, value]) => templateLabels[key] === value);
    if (!matches) {
      context.addIssue({ code: "custom", path: ["spec", "template", "metadata", "labels"], message: "`selector` does not match template `labels`" });
    }
  });

const serviceSchema = z.looseObject({
  apiVersion: z.literal("v1"),
  kind: z.literal("Service"),
  metadata: objectMetaSchema(dns1035Label),
  spec: z.looseObject({
    type: z.enum(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]).optional(),
    selector: labelMap.optional(),
    clusterIP: z.string().optional(),
    ports: z
      .array(
        z.looseObject({
          name: z.string().optional(),
          port: z.number().int().min(1).max(65535),
          targetPort: z.union([z.number().int().min(1).max(65535), z.string().min(1)]).optional(),
          protocol: z.enum(["TCP", "UDP", "SCTP"]).optional(),
        }),
      )
      .min(1),
  }),
});

const namespaceSchema = z.looseObject({
  apiVersion: z.literal("v1"),
  kind: z.literal("Namespace"),
  metadata: objectMetaSchema(dns1123Label),
});

export type ResourceName = "namespaces" | "nodes" | "deployments" | "services";

export interface ResourceDefinition {
  name: ResourceName;
  singularName: string;
  group: "" | "apps";
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  /** Schema of create and replace bodies; absent for read-only resources. */
  bodySchema?: z.ZodType<KubernetesObject>;
}

export const resourceDefinitions: Record<ResourceName, ResourceDefinition> = {
  namespaces: {
    name: "namespaces",
    singularName: "namespace",
    group: "",
    kind: "Namespace",
    namespaced: false,
    verbs: ["create", "delete", "get", "list"],
    shortNames: ["ns"],
    bodySchema: namespaceSchema as z.ZodType<KubernetesObject>,
  },
  nodes: { name: "nodes", singularName: "node", group: "", kind: "Node", namespaced: false, verbs: ["get", "list"], shortNames: ["no"] },
  services: {
    name: "services",
    singularName: "service",
    group: "",
    kind: "Service",
    namespaced: true,
    verbs: ["create", "delete", "get", "list", "patch", "update"],
    shortNames: ["svc"],
    bodySchema: serviceSchema as z.ZodType<KubernetesObject>,
  },
  deployments: {
    name: "deployments",
    singularName: "deployment",
    group: "apps",
    kind: "Deployment",
    namespaced: true,
    verbs: ["create", "delete", "get", "list", "patch", "update"],
    shortNames: ["deploy"],
    bodySchema: deploymentSchema as z.ZodType<KubernetesObject>,
  },
};

/** Returns the resource name as the API server writes it in messages, such as `deployments.apps`. */
export function qualifiedResource(definition: ResourceDefinition): string {
  return definition.group === "" ? definition.name : `${definition.name}.${definition.group}`;
}

function apiResourceList(groupVersion: string, definitions: ResourceDefinition[]) {
  const resources = definitions.flatMap((definition) => {
    const resource = {
      name: definition.name,
      singularName: definition.singularName,
      namespaced: definition.namespaced,
      kind: definition.kind,
      verbs: definition.verbs,
      shortNames: definition.shortNames,
    };
    if (definition.name !== "deployments") {
      return [resource];
    }
    const status = { name: "deployments/status", singularName: "", namespaced: true, kind: "Deployment", verbs: ["get"] };
    const scale = { name: "deployments/scale", singularName: "", namespaced: true, group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] };
    return [resource, status, scale];
  });
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion, resources };
}

/** Discovery documents served at fixed paths, as `kubectl` and KubernetesObjectApi read them. */
export const discoveryDocuments: Record<string, unknown> = {
  "/api": {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }],
  },
  "/api/v1": apiResourceList("v1", [resourceDefinitions.namespaces, resourceDefinitions.nodes, resourceDefinitions.services]),
  "/apis": {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [
      {
        name: "apps",
        versions: [{ groupVersion: "apps/v1", version: "v1" }],
        preferredVersion: { groupVersion: "apps/v1", version: "v1" },
      },
    ],
  },
  "/apis/apps": {
    kind: "APIGroup",
    apiVersion: "v1",
    name: "apps",
    versions: [{ groupVersion: "apps/v1", version: "v1" }],
    preferredVersion: { groupVersion: "apps/v1", version: "v1" },
  },
  "/apis/apps/v1": apiResourceList("apps/v1", [resourceDefinitions.deployments]),
};

/** Converts a ClusterNode description into a v1 Node object. */
export function nodeObject(node: ClusterNode, kubeletVersion: string, creationTimestamp: string): KubernetesObject {
  const roleLabels = Object.fromEntries(node.roles.map((role) => [`node-role.kubernetes.io/${role}`, ""]));
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: node.name,
      uid: createHash("sha256").update(node.name).digest("hex").slice(0, 32),
      resourceVersion: "1",
      creationTimestamp,
      labels: { "kubernetes.io/hostname": node.name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", ...roleLabels },
    },
    spec: {},
    status: {
      capacity: { ...node.capacity },
      allocatable: { ...node.allocatable },
      conditions: [
        {
          type: "Ready",
          status: node.ready ? "True" : "False",
          reason: node.ready ? "KubeletReady" : "KubeletNotReady",
          message: node.ready ? "kubelet is posting ready status" : "container runtime network not ready",
          lastHeartbeatTime: creationTimestamp,
          lastTransitionTime: creationTimestamp,
        },
      ],
      nodeInfo: { kubeletVersion, containerRuntimeVersion: "containerd://1.7.0", operatingSystem: "linux", architecture: "amd64" },
    },
  };
}

export interface DeploymentRollout {
  deployment: KubernetesObject;
  /** Milliseconds since the epoch at which the current rollout started. */
  startedAt: number;
  /** Replicas of the previous generation that were available when the rollout started; they run until it completes. */
  previousReplicas: number;
  /** Whether the pod template changed, so that the rollout replaces pods; a change of replicas alone only adds or removes some. */
  templateChanged: boolean;
}

/**
 * Returns the status that the Deployment controller would report. During the first fifth of `readyDelayMs`
 * the controller has not yet observed the new generation. Then updated replicas come up one after another
 * beside the previous ones. After `readyDelayMs` the previous replicas are gone and every updated one is
 * available, unless `failing` is set: then none is, and the Progressing condition reports ProgressDeadlineExceeded.
 */
export function deploymentStatus(rollout: DeploymentRollout, readyDelayMs: number, failing: boolean, now: number): Record<string, unknown> {
  const { deployment, startedAt, previousReplicas, templateChanged } = rollout;
  const spec = deployment.spec as { replicas?: number; template: unknown };
  const desired = spec.replicas ?? 1;
  const generation = deployment.metadata.generation ?? 1;
  const replicaSetName = `${deployment.metadata.name}-${createHash("sha256").update(JSON.stringify(spec.template)).digest("hex").slice(0, 10)}`;
  const transitionTime = new Date(startedAt).toISOString();
  const elapsed = now - startedAt;
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastUpdateTime: transitionTime,
    lastTransitionTime: transitionTime,
  });
  const counts = (replicas: number, updatedReplicas: number, availableReplicas: number) => ({
    replicas,
    updatedReplicas,
    readyReplicas: availableReplicas,
    availableReplicas,
    ...(replicas > availableReplicas ? { unavailableReplicas: replicas - availableReplicas } : {}),
  });
  const availableCondition = (available: number) =>
    available > 0
      ? condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
      : condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");

  if (desired === 0 || (elapsed >= readyDelayMs && !failing)) {
    return {
      observedGeneration: generation,
      ...counts(desired, desired, desired),
      conditions: [
        condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."),
        condition("Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${replicaSetName}" has successfully progressed.`),
      ],
    };
  }

  const progressing = condition("Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${replicaSetName}" is progressing.`);
  const observeDelayMs = readyDelayMs / 5;
  if (elapsed < observeDelayMs) {
    // The status still describes the previous generation.
    const previous = counts(previousReplicas, previousReplicas, previousReplicas);
    return { observedGeneration: generation - 1, ...previous, conditions: [availableCondition(previousReplicas), progressing] };
  }
  if (!templateChanged) {
    // Scaling: the same ReplicaSet grows or shrinks, and removed pods go at once.
    const available = Math.min(previousReplicas, desired);
    const status = { observedGeneration: generation, ...counts(desired, desired, available) };
    const deadline = condition("Progressing", "False", "ProgressDeadlineExceeded", `ReplicaSet "${replicaSetName}" has timed out progressing.`);
    return { ...status, conditions: [availableCondition(status.availableReplicas), elapsed >= readyDelayMs ? deadline : progressing] };
  }
  if (elapsed >= readyDelayMs) {
    return {
      observedGeneration: generation,
      ...counts(desired + previousReplicas, desired, previousReplicas),
      conditions: [
        availableCondition(previousReplicas),
        condition("Progressing", "False", "ProgressDeadlineExceeded", `ReplicaSet "${replicaSetName}" has timed out progressing.`),
      ],
    };
  }
  const updated = Math.min(desired, Math.floor((desired * (elapsed - observeDelayMs)) / (readyDelayMs - observeDelayMs)) + 1);
  return {
    observedGeneration: generation,
    ...counts(updated + previousReplicas, updated, previousReplicas),
    conditions: [availableCondition(previousReplicas), progressing],
  };
}

/** Returns the artifact name in an image reference: its last path segment without tag or digest. */
export function artifactNameOf(image: string): string {
  const withoutDigest = image.split("@")[0] ?? image;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf("/") + 1);
  return lastSegment.split(":")[0] ?? lastSegment;
}

type LabelRequirement = { key: string; operator: "=" | "!=" | "exists" | "notExists"; value?: string };

/**
 * Parses an equality-based label selector ("a=b,c!=d,e,!f"). Returns an error message for set-based
 * selectors, which the emulator does not support.
 */
export function parseLabelSelector(selector: string): LabelRequirement[] | string {
  const requirements: LabelRequirement[] = [];
  for (const part of selector.split(",").map((text) => text.trim()).filter((text) => text !== "")) {
    if (/\s(in|notin)\s*\(/.test(part)) {
      return `set-based label selector "${part}" is not supported by the Kubernetes API emulator`;
    }
    const match = /^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/.exec(part);
    if (match) {
      requirements.push({ key: match[1] as string, operator: match[2] === "!=" ? "!=" : "=", value: match[3] as string });
    } else if (/^![^=!\s]+$/.test(part)) {
      requirements.push({ key: part.slice(1), operator: "notExists" });
    } else if (/^[^=!\s]+$/.test(part)) {
      requirements.push({ key: part, operator: "exists" });
    } else {
      return `invalid label selector "${part}"`;
    }
  }
  return requirements;
}

export function matchesLabelSelector(labels: Record<string, string> | undefined, requirements: LabelRequirement[]): boolean {
  const present = labels ?? {};
  return requirements.every((requirement) => {
    const value = present[requirement.key];
    switch (requirement.operator) {
      case "=":
        return value === requirement.value;
      case "!=":
        return value !== requirement.value;
      case "exists":
        return value !== undefined;
      case "notExists":
        return value === undefined;
    }
  });
}

/** Serializes JSON with sorted object keys, so that equal objects compare equal as text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
