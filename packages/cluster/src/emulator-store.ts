import { randomUUID } from "node:crypto";
import {
  artifactNameOf,
  canonicalJson,
  deploymentStatus,
  matchesLabelSelector,
  nodeObject,
  parseLabelSelector,
  qualifiedResource,
  resourceDefinitions,
  type DeploymentRollout,
  type KubernetesObject,
  type ResourceDefinition,
  type ResourceName,
} from "./emulator-resources";
import type { ClusterNode } from "./driver";
import { formatIssues } from "./errors";

/** Error reply in the form of a Kubernetes v1 Status object. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function statusBody(code: number, reason?: string, message?: string, details?: Record<string, unknown>) {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: code < 400 ? "Success" : "Failure", message, reason, details, code };
}

export interface ObjectStoreSettings {
  nodes: ClusterNode[];
  /** gitVersion reported as each node's kubeletVersion. */
  version: string;
  readyDelayMs: number;
  failArtifacts: string[];
}

/**
 * Creates the emulator's in-memory objects with the rules of the API server that the driver relies on:
 * validation, namespace existence, resourceVersion conflicts, generations, immutable fields and cluster IPs.
 * Methods throw StatusError for replies other than success.
 */
export function createObjectStore(settings: ObjectStoreSettings) {
  const startedAt = new Date().toISOString();

  let lastResourceVersion = 1;
  const nextResourceVersion = () => String((lastResourceVersion += 1));
  let lastClusterIpSuffix = 10;

  // Objects by resource, keyed by "namespace/name" ("/name" for cluster-scoped resources).
  const objects: Record<ResourceName, Map<string, KubernetesObject>> = {
    namespaces: new Map(),
    nodes: new Map(),
    services: new Map(),
    deployments: new Map(),
  };
  // Current rollout of each Deployment: its start and what the previous generation left running.
  const rollouts = new Map<string, Omit<DeploymentRollout, "deployment">>();
  const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ""}/${name}`;

  for (const node of settings.nodes) {
    objects.nodes.set(keyOf(undefined, node.name), nodeObject(node, settings.version, startedAt));
  }
  for (const name of ["default", "kube-system", "kube-public"]) {
    objects.namespaces.set(keyOf(undefined, name), {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name, uid: randomUUID(), resourceVersion: "1", creationTimestamp: startedAt },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
  }

  function render(definition: ResourceDefinition, object: KubernetesObject): KubernetesObject {
    const copy = structuredClone(object);
    if (definition.name === "deployments") {
      const key = keyOf(object.metadata.namespace, object.metadata.name);
      const spec = object.spec as { template: { spec: { containers: { image: string }[] } } };
      const failing = spec.template.spec.containers.some((container) => settings.failArtifacts.includes(artifactNameOf(container.image)));
      const rollout = rollouts.get(key) ?? { startedAt: Date.now(), previousReplicas: 0, templateChanged: true };
      copy.status = deploymentStatus({ deployment: object, ...rollout }, settings.readyDelayMs, failing, Date.now());
    }
    return copy;
  }

  function notFound(definition: ResourceDefinition, name: string): StatusError {
    return new StatusError(404, "NotFound", `${qualifiedResource(definition)} "${name}" not found`, {
      name,
      group: definition.group,
      kind: definition.name,
    });
  }

  function findExisting(definition: ResourceDefinition, namespace: string | undefined, name: string): KubernetesObject {
    const object = objects[definition.name].get(keyOf(namespace, name));
    if (object === undefined) {
      throw notFound(definition, name);
    }
    return object;
  }

  function validateBody(definition: ResourceDefinition, body: unknown, nameForMessage: string): KubernetesObject {
    if (definition.bodySchema === undefined) {
      throw new StatusError(405, "MethodNotAllowed", `${qualifiedResource(definition)} are read-only in the Kubernetes API emulator`);
    }
    const result = definition.bodySchema.safeParse(body);
    if (!result.success) {
      throw new StatusError(422, "Invalid", `${definition.kind}${definition.group ? `.${definition.group}` : ""} "${nameForMessage}" is invalid: ${formatIssues(result.error)}`, {
        name: nameForMessage,
        group: definition.group,
        kind: definition.kind,
        causes: result.error.issues.map((issue) => ({ reason: "FieldValueInvalid", message: issue.message, field: issue.path.join(".") })),
      });
    }
    return structuredClone(result.data);
  }

  function create(definition: ResourceDefinition, namespace: string | undefined, body: unknown): KubernetesObject {
    const bodyName = (body as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
    const object = validateBody(definition, body, typeof bodyName === "string" ? bodyName : "");
    const { name } = object.metadata;

    if (definition.namespaced) {
      if (object.metadata.namespace !== undefined && object.metadata.namespace !== namespace) {
        throw new StatusError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
      }
      if (!objects.namespaces.has(keyOf(undefined, namespace as string))) {
        throw notFound(resourceDefinitions.namespaces, namespace as string);
      }
    }
    const key = keyOf(namespace, name);
    if (objects[definition.name].has(key)) {
      throw new StatusError(409, "AlreadyExists", `${qualifiedResource(definition)} "${name}" already exists`, {
        name,
        group: definition.group,
        kind: definition.name,
      });
    }

    object.metadata = {
      ...object.metadata,
      namespace: definition.namespaced ? namespace : undefined,
      uid: randomUUID(),
      resourceVersion: nextResourceVersion(),
      creationTimestamp: new Date().toISOString(),
    };
    delete object.status;
    if (definition.name === "deployments") {
      object.metadata.generation = 1;
      const spec = object.spec as { replicas?: number };
      spec.replicas = spec.replicas ?? 1;
      rollouts.set(key, { startedAt: Date.now(), previousReplicas: 0, templateChanged: true });
    } else if (definition.name === "services") {
      const spec = object.spec as { type?: string; clusterIP?: string; clusterIPs?: string[] };
      lastClusterIpSuffix += 1;
      const clusterIP = spec.clusterIP || `10.96.${Math.floor(lastClusterIpSuffix / 256) % 256}.${lastClusterIpSuffix % 256}`;
      Object.assign(spec, { type: spec.type ?? "ClusterIP", clusterIP, clusterIPs: [clusterIP] });
    } else if (definition.name === "namespaces") {
      object.spec = { finalizers: ["kubernetes"] };
      object.status = { phase: "Active" };
    }

    objects[definition.name].set(key, object);
    return object;
  }

  function replace(definition: ResourceDefinition, namespace: string | undefined, name: string, body: unknown): KubernetesObject {
    const existing = findExisting(definition, namespace, name);
    const object = validateBody(definition, body, name);
    if (object.metadata.name !== name) {
      throw new StatusError(400, "BadRequest", `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`);
    }
    const requestedVersion = object.metadata.resourceVersion;
    if (requestedVersion !== undefined && requestedVersion !== "" && requestedVersion !== existing.metadata.resourceVersion) {
      throw new StatusError(
        409,
        "Conflict",
        `Operation cannot be fulfilled on ${qualifiedResource(definition)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name, group: definition.group, kind: definition.name },
      );
    }

    object.metadata = {
      ...object.metadata,
      namespace: existing.metadata.namespace,
      uid: existing.metadata.uid,
      creationTimestamp: existing.metadata.creationTimestamp,
      resourceVersion: nextResourceVersion(),
    };
    object.status = existing.status;
    const key = keyOf(namespace, name);
    if (definition.name === "deployments") {
      const spec = object.spec as { replicas?: number; selector: unknown };
      if (canonicalJson(spec.selector) !== canonicalJson((existing.spec as { selector: unknown }).selector)) {
        throw new StatusError(422, "Invalid", `Deployment.apps "${name}" is invalid: spec.selector: Invalid value: ${canonicalJson(spec.selector)}: field is immutable`);
      }
      spec.replicas = spec.replicas ?? 1;
      const changed = canonicalJson(object.spec) !== canonicalJson(existing.spec);
      object.metadata.generation = (existing.metadata.generation ?? 1) + (changed ? 1 : 0);
      if (changed) {
        const previousStatus = render(definition, existing).status as { availableReplicas: number };
        const templateChanged = canonicalJson((object.spec as { template: unknown }).template) !== canonicalJson((existing.spec as { template: unknown }).template);
        rollouts.set(key, { startedAt: Date.now(), previousReplicas: previousStatus.availableReplicas, templateChanged });
      }
    } else if (definition.name === "services") {
      const spec = object.spec as { type?: string; clusterIP?: string; clusterIPs?: string[] };
      const assigned = (existing.spec as { clusterIP: string }).clusterIP;
      if (spec.clusterIP && spec.clusterIP !== assigned) {
        throw new StatusError(422, "Invalid", `Service "${name}" is invalid: spec.clusterIPs[0]: Invalid value: "${spec.clusterIP}": may not change once set`);
      }
      Object.assign(spec, { type: spec.type ?? "ClusterIP", clusterIP: assigned, clusterIPs: [assigned] });
    }

    objects[definition.name].set(key, object);
    return object;
  }

  /**
   * Server-side apply by a single field manager: creates the object when absent, else merges the applied
   * fields into it (maps merge, lists are replaced) and stores the result as a replace would.
   */
  function apply(definition: ResourceDefinition, namespace: string | undefined, name: string, body: unknown): { object: KubernetesObject; created: boolean } {
    const applied = body as { metadata?: { name?: unknown; resourceVersion?: unknown } } | null;
    if (applied === null || typeof applied !== "object" || Array.isArray(applied)) {
      throw new StatusError(400, "BadRequest", "the applied configuration must be an object");
    }
    if (applied.metadata?.name !== name) {
      throw new StatusError(400, "BadRequest", `the name of the object (${String(applied.metadata?.name)}) does not match the name on the URL (${name})`);
    }
    const existing = objects[definition.name].get(keyOf(namespace, name));
    if (existing === undefined) {
      return { object: create(definition, namespace, body), created: true };
    }
    const { status: _status, ...current } = structuredClone(existing);
    const merged = mergeApplied(current, applied) as KubernetesObject;
    // Apply needs no resourceVersion: the merge is made on the stored object.
    delete merged.metadata.resourceVersion;
    return { object: replace(definition, namespace, name, merged), created: false };
  }

  /** Sets spec.replicas of a Deployment through its scale subresource. */
  function scale(namespace: string, name: string, replicas: unknown): KubernetesObject {
    const definition = resourceDefinitions.deployments;
    const existing = findExisting(definition, namespace, name);
    if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
      throw new StatusError(422, "Invalid", `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be a non-negative integer`);
    }
    const { status: _status, ...updated } = structuredClone(existing);
    (updated.spec as { replicas: number }).replicas = replicas;
    delete updated.metadata.resourceVersion;
    return replace(definition, namespace, name, updated);
  }

  /** Returns the autoscaling/v1 Scale of a Deployment. */
  function scaleOf(namespace: string, name: string): Record<string, unknown> {
    const definition = resourceDefinitions.deployments;
    const deployment = render(definition, findExisting(definition, namespace, name));
    const { uid, resourceVersion, creationTimestamp } = deployment.metadata;
    const spec = deployment.spec as { replicas: number; selector: { matchLabels: Record<string, string> } };
    return {
      apiVersion: "autoscaling/v1",
      kind: "Scale",
      metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
      spec: { replicas: spec.replicas },
      status: {
        replicas: (deployment.status as { replicas: number }).replicas,
        selector: Object.entries(spec.selector.matchLabels).map(([key, value]) => `${key}=${value}`).join(","),
      },
    };
  }

  function remove(definition: ResourceDefinition, namespace: string | undefined, name: string): unknown {
    const existing = findExisting(definition, namespace, name);
    const key = keyOf(namespace, name);
    objects[definition.name].delete(key);

    if (definition.name === "deployments") {
      rollouts.delete(key);
      return statusBody(200, undefined, undefined, { name, group: definition.group, kind: definition.name, uid: existing.metadata.uid });
    }
    if (definition.name === "namespaces") {
      // A real namespace terminates gradually; here its contents go at once.
      for (const resource of [objects.services, objects.deployments]) {
        for (const objectKey of [...resource.keys()].filter((candidate) => candidate.startsWith(`${name}/`))) {
          resource.delete(objectKey);
          rollouts.delete(objectKey);
        }
      }
      return { ...existing, status: { phase: "Terminating" } };
    }
    return existing;
  }

  function list(definition: ResourceDefinition, namespace: string | undefined, labelSelector: string | null) {
    const requirements = parseLabelSelector(labelSelector ?? "");
    if (typeof requirements === "string") {
      throw new StatusError(400, "BadRequest", requirements);
    }
    const items = [...objects[definition.name].values()]
      .filter((object) => namespace === undefined || object.metadata.namespace === namespace)
      .filter((object) => matchesLabelSelector(object.metadata.labels, requirements))
      .map((object) => render(definition, object));
    return {
      kind: `${definition.kind}List`,
      apiVersion: definition.group === "" ? "v1" : `${definition.group}/v1`,
      metadata: { resourceVersion: String(lastResourceVersion) },
      items,
    };
  }

  /** Returns the object as the API would serve it, or undefined when absent. */
  function lookup(resource: ResourceName, namespace: string | undefined, name: string): KubernetesObject | undefined {
    const object = objects[resource].get(keyOf(namespace, name));
    return object === undefined ? undefined : render(resourceDefinitions[resource], object);
  }

  return { render, findExisting, create, replace, apply, scale, scaleOf, remove, list, lookup };
}

/** Merges applied fields into a stored object: maps merge key by key, other values (lists too) are replaced. */
export function mergeApplied(current: unknown, applied: unknown): unknown {
  const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
  if (!isMap(current) || !isMap(applied)) {
    return structuredClone(applied);
  }
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(applied)) {
    merged[key] = key in current ? mergeApplied(current[key], value) : structuredClone(value);
  }
  return merged;
}
