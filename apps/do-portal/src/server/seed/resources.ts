import "server-only";
import { eq, inArray } from "drizzle-orm";
import { parseQuantity, type ClusterDriver, type ClusterInfo, type ClusterNode, type ResourceList } from "@cop-pilot/cluster";
import type { Domain } from "@cop-pilot/service-library";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { deleteDocument, insertDocument, newId, replaceDocument, type Db, type TmfDocument } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import { computeClusterUsage, lockClusterResources, withClusterUsage } from "../inventory/controller-resource";
import {
  computeCategoryName,
  controllerResourceCategory,
  controllerSpecificationName,
  deploymentSpecificationName,
  nodeSpecificationName,
  workloadCategoryName,
} from "../inventory/resource-names";
import type { PartyRef } from "./party";

// The domain's infrastructure as TMF634 resource specifications and TMF639
// resources, discovered from the cluster driver: one controller resource for
// the cluster and one resource per node. The resource catalogue also contains
// the specification of the deployments that orders create.

const { resource, resourceCatalog, resourceCategory, resourceSpecification } = schema;

export { computeCategoryName, controllerSpecificationName, deploymentSpecificationName, nodeSpecificationName, workloadCategoryName };

const bytesPerGibibyte = 2 ** 30;

export interface ResourceRefresh {
  controller: string;
  nodes: number;
  removed: number;
}

interface Characteristic {
  name: string;
  valueType: "string" | "integer" | "number" | "boolean";
  value: string | number | boolean;
  unitOfMeasure?: string;
  description: string;
}

function cores(quantity: string): number {
  return Math.round(parseQuantity(quantity) * 1000) / 1000;
}

function gibibytes(quantity: string): number {
  return Math.round((parseQuantity(quantity) / bytesPerGibibyte) * 100) / 100;
}

function sum(nodes: ClusterNode[], pick: (node: ClusterNode) => number): number {
  return Math.round(nodes.reduce((total, node) => total + pick(node), 0) * 1000) / 1000;
}

function capacityCharacteristics(prefix: "capacity" | "allocatable", list: ResourceList, meaning: string): Characteristic[] {
  const suffix = prefix.charAt(0).toUpperCase() + prefix.slice(1);
  return [
    { name: `cpu${suffix}`, valueType: "number", value: cores(list.cpu), unitOfMeasure: "cores", description: `CPU ${meaning}` },
    { name: `memory${suffix}`, valueType: "number", value: gibibytes(list.memory), unitOfMeasure: "GiB", description: `Memory ${meaning}` },
    { name: `pods${suffix}`, valueType: "integer", value: Math.round(parseQuantity(list.pods)), description: `Pods ${meaning}` },
  ];
}

function controllerCharacteristics(info: ClusterInfo): Characteristic[] {
  const total = (pick: (list: ResourceList) => string, convert: (quantity: string) => number) =>
    sum(info.nodes, (node) => convert(pick(node.capacity)));
  const allocatable = (pick: (list: ResourceList) => string, convert: (quantity: string) => number) =>
    sum(info.nodes, (node) => convert(pick(node.allocatable)));
  const pods = (quantity: string) => Math.round(parseQuantity(quantity));
  return [
    { name: "clusterKind", valueType: "string", value: info.kind, description: "Whether the cluster is a real Kubernetes cluster or the simulated stand-in" },
    { name: "kubernetesVersion", valueType: "string", value: info.version, description: "Kubernetes version (gitVersion) of the API server" },
    { name: "nodeCount", valueType: "integer", value: info.nodes.length, description: "Number of nodes" },
    { name: "cpuCapacity", valueType: "number", value: total((list) => list.cpu, cores), unitOfMeasure: "cores", description: "Total CPU capacity of the nodes" },
    { name: "cpuAllocatable", valueType: "number", value: allocatable((list) => list.cpu, cores), unitOfMeasure: "cores", description: "CPU the nodes offer to workloads" },
    { name: "memoryCapacity", valueType: "number", value: total((list) => list.memory, gibibytes), unitOfMeasure: "GiB", description: "Total memory capacity of the nodes" },
    { name: "memoryAllocatable", valueType: "number", value: allocatable((list) => list.memory, gibibytes), unitOfMeasure: "GiB", description: "Memory the nodes offer to workloads" },
    { name: "podsCapacity", valueType: "integer", value: total((list) => list.pods, pods), description: "Total pod capacity of the nodes" },
    { name: "podsAllocatable", valueType: "integer", value: allocatable((list) => list.pods, pods), description: "Pods the nodes offer to workloads" },
  ];
}

// The deployments change these after every order, so the specification declares them without a value.
const allocatedCharacteristics = [
  { name: "cpuAllocated", valueType: "number", description: "CPU requested by the deployments of this DO, in cores" },
  { name: "memoryAllocated", valueType: "number", description: "Memory requested by the deployments of this DO, in GiB" },
  { name: "podsAllocated", valueType: "integer", description: "Pods requested by the deployments of this DO" },
  { name: "cpuAvailable", valueType: "number", description: "Allocatable CPU minus the CPU allocated to the deployments of this DO, in cores" },
  { name: "memoryAvailable", valueType: "number", description: "Allocatable memory minus the memory allocated to the deployments of this DO, in GiB" },
  { name: "podsAvailable", valueType: "integer", description: "Allocatable pods minus the pods allocated to the deployments of this DO" },
  { name: "replicasAvailable", valueType: "integer", description: "Replicas of the size every ordered replica requests that still fit in the available CPU, memory and pods" },
] as const;

const deploymentCharacteristics = [
  { name: "image", valueType: "string", description: "Container image that the deployment runs, from the order's artifact characteristics" },
  { name: "replicas", valueType: "integer", description: "Desired number of replicas" },
  { name: "readyReplicas", valueType: "integer", description: "Replicas that report ready" },
  {
    name: "deploymentPhase",
    valueType: "string",
    description: "Rollout phase that the cluster reports; deleted once the DO removed the deployment",
    values: ["progressing", "available", "failed", "notFound", "deleted"],
  },
  { name: "serviceOrderId", valueType: "string", description: "Service order whose item created the deployment" },
  { name: "serviceOrderItemId", valueType: "string", description: "Service order item that the deployment serves" },
] as const;

function nodeCharacteristics(node: ClusterNode): Characteristic[] {
  return [
    { name: "roles", valueType: "string", value: node.roles.join(", "), description: "Kubernetes node roles" },
    { name: "ready", valueType: "boolean", value: node.ready, description: "Whether the node reports the Ready condition" },
    ...capacityCharacteristics("capacity", node.capacity, "capacity of the node"),
    ...capacityCharacteristics("allocatable", node.allocatable, "the node offers to workloads"),
  ];
}

/** TMF634 resourceSpecCharacteristic entries, with the discovered value as the default. */
function specCharacteristics(characteristics: Characteristic[]) {
  return characteristics.map((characteristic) => ({
    name: characteristic.name,
    description: characteristic.description,
    valueType: characteristic.valueType,
    configurable: false,
    minCardinality: 1,
    maxCardinality: 1,
    "@type": "ResourceSpecificationCharacteristic",
    resourceSpecCharacteristicValue: [
      {
        valueType: characteristic.valueType,
        value: characteristic.value,
        isDefault: true,
        ...(characteristic.unitOfMeasure ? { unitOfMeasure: characteristic.unitOfMeasure } : {}),
      },
    ],
  }));
}

/** TMF634 resourceSpecCharacteristic entries without a value: each resource has its own. */
function specCharacteristicsWithoutValue(characteristics: readonly { name: string; valueType: string; description: string; values?: readonly string[] }[]) {
  return characteristics.map(({ name, valueType, description, values }) => ({
    name,
    description,
    valueType,
    configurable: false,
    minCardinality: 1,
    maxCardinality: 1,
    "@type": "ResourceSpecificationCharacteristic",
    // The allowed values, none of them a default.
    ...(values ? { resourceSpecCharacteristicValue: values.map((value) => ({ valueType, value })) } : {}),
  }));
}

/** TMF639 resourceCharacteristic entries. */
function resourceCharacteristics(characteristics: Characteristic[]) {
  return characteristics.map(({ name, valueType, value }) => ({ name, valueType, value }));
}

type CatalogTable = typeof resourceCatalog | typeof resourceCategory | typeof resourceSpecification;

/** Replaces the document of that name in `table`, keeping its id, or inserts a new one. */
async function upsertByName(
  tx: Db,
  table: CatalogTable,
  type: string,
  collection: string,
  document: Record<string, unknown> & { name: string; version?: string },
  baseUrl: string,
): Promise<TmfDocument> {
  const columns: Record<string, unknown> = { name: document.name, lifecycleStatus: "Active" };
  if (table === resourceSpecification) columns.version = document.version ?? null;
  const [row] = await tx
    .select({ document: table.document })
    .from(table as typeof resourceSpecification)
    .where(eq((table as typeof resourceSpecification).name, document.name))
    .limit(1);
  const existing = row?.document as TmfDocument | undefined;
  if (existing) return replaceDocument(tx, table, type, { ...existing, ...document, id: existing.id, href: existing.href }, columns);
  const id = newId();
  return insertDocument(tx, table, { ...document, id, href: `${baseUrl}${tmfApiPaths.resourceCatalog}/${collection}/${id}` }, columns);
}

function specificationRef(document: TmfDocument) {
  return { id: document.id, href: document.href, name: document.name as string, "@referredType": "ResourceSpecification" };
}

function categoryRef(document: TmfDocument) {
  return { id: document.id, href: document.href, name: document.name as string, "@referredType": "ResourceCategory" };
}

/**
 * Records the parts of the resource catalogue that need no cluster: the
 * catalogue, its categories and the specification of the deployments that
 * orders create. Returns that specification.
 */
export async function ensureResourceCatalog(tx: Db, domain: Domain, baseUrl: string, owner: PartyRef): Promise<TmfDocument> {
  const compute = await upsertByName(
    tx,
    resourceCategory,
    "ResourceCategory",
    "resourceCategory",
    {
      "@type": "ResourceCategory",
      name: computeCategoryName,
      description: `Compute controllers and nodes of ${domain.name}`,
      version: "1.0",
      lifecycleStatus: "Active",
      isRoot: true,
    },
    baseUrl,
  );
  const workloads = await upsertByName(
    tx,
    resourceCategory,
    "ResourceCategory",
    "resourceCategory",
    {
      "@type": "ResourceCategory",
      name: workloadCategoryName,
      description: `Kubernetes deployments that run the services ordered in ${domain.name}`,
      version: "1.0",
      lifecycleStatus: "Active",
      isRoot: true,
    },
    baseUrl,
  );

  await upsertByName(
    tx,
    resourceCatalog,
    "ResourceCatalog",
    "resourceCatalog",
    {
      "@type": "ResourceCatalog",
      name: `${domain.name} resources`,
      description: `Infrastructure that the Domain Orchestrator of ${domain.name} discovered and offers to services, and the deployments it created`,
      version: "1.0",
      lifecycleStatus: "Active",
      category: [categoryRef(compute), categoryRef(workloads)],
      relatedParty: [owner],
    },
    baseUrl,
  );

  return upsertByName(
    tx,
    resourceSpecification,
    "ResourceSpecification",
    "resourceSpecification",
    {
      "@type": "ResourceSpecification",
      name: deploymentSpecificationName,
      description: `A Kubernetes Deployment and its Service that the DO of ${domain.name} created for a service order item, in cluster ${domain.computeCluster}`,
      version: "1.0",
      lifecycleStatus: "Active",
      isBundle: false,
      category: workloadCategoryName,
      relatedParty: [owner],
      resourceSpecCharacteristic: specCharacteristicsWithoutValue(deploymentCharacteristics),
    },
    baseUrl,
  );
}

/** Records the resource catalogue in a transaction of its own; see `ensureResourceCatalog`. */
export async function seedResourceCatalog(database: Db, domain: Domain, baseUrl: string, owner: PartyRef): Promise<void> {
  await database.transaction(async (tx) => {
    await lockClusterResources(tx);
    await ensureResourceCatalog(tx, domain, baseUrl, owner);
  });
}

/**
 * Describes the cluster and records it: the resource catalogue, the controller
 * and node specifications, and one resource for the controller and for each
 * node, with its capacity and allocatable resources. The controller's usage
 * comes from the deployment resources. Resources keep their ids across
 * refreshes; nodes that left the cluster are removed.
 */
export async function refreshClusterResources(
  database: Db,
  cluster: ClusterDriver,
  domain: Domain,
  baseUrl: string,
  owner: PartyRef,
): Promise<ResourceRefresh> {
  const info = await cluster.describe();

  return database.transaction(async (tx) => {
    await lockClusterResources(tx);
    await ensureResourceCatalog(tx, domain, baseUrl, owner);

    const controllerValues = controllerCharacteristics(info);
    const controllerSpecification = await upsertByName(
      tx,
      resourceSpecification,
      "ResourceSpecification",
      "resourceSpecification",
      {
        "@type": "ResourceSpecification",
        name: controllerSpecificationName,
        description: `Compute infrastructure controller of ${domain.name}: the Kubernetes API of cluster ${info.name}, into which the DO deploys ordered services`,
        version: "1.0",
        lifecycleStatus: "Active",
        isBundle: false,
        category: computeCategoryName,
        relatedParty: [owner],
        resourceSpecCharacteristic: [...specCharacteristics(controllerValues), ...specCharacteristicsWithoutValue(allocatedCharacteristics)],
      },
      baseUrl,
    );
    const nodeSpecification = await upsertByName(
      tx,
      resourceSpecification,
      "ResourceSpecification",
      "resourceSpecification",
      {
        "@type": "ResourceSpecification",
        name: nodeSpecificationName,
        description: `A node of cluster ${info.name}, with the CPU, memory and pods it offers`,
        version: "1.0",
        lifecycleStatus: "Active",
        isBundle: false,
        category: computeCategoryName,
        relatedParty: [owner],
        resourceSpecCharacteristic: specCharacteristics(info.nodes[0] ? nodeCharacteristics(info.nodes[0]) : []).map(
          ({ resourceSpecCharacteristicValue: _value, ...characteristic }) => characteristic,
        ),
      },
      baseUrl,
    );

    const existingRows = await tx
      .select({ document: resource.document })
      .from(resource)
      .where(inArray(resource.resourceSpecificationId, [controllerSpecification.id, nodeSpecification.id]));
    const existing = new Map(existingRows.map((row) => [row.document.name as string, row.document as TmfDocument]));
    const currentNames = new Set<string>();

    async function upsertResource(document: Record<string, unknown> & { name: string }): Promise<TmfDocument> {
      const previous = existing.get(document.name);
      const specification = document.resourceSpecification as { id: string };
      const columns = { name: document.name, resourceStatus: document.resourceStatus, resourceSpecificationId: specification.id };
      currentNames.add(document.name);
      if (previous) return replaceDocument(tx, resource, "Resource", { ...document, id: previous.id, href: previous.href }, columns);
      const id = newId();
      return insertDocument(tx, resource, { ...document, id, href: `${baseUrl}${tmfApiPaths.resourceInventory}/resource/${id}` }, columns);
    }

    const controllerDocument = {
      "@type": "LogicalResource",
      name: info.name,
      description: `Kubernetes API of cluster ${info.name} (${info.kind})`,
      category: controllerResourceCategory,
      resourceVersion: info.version,
      administrativeState: "unlocked",
      operationalState: "enable",
      resourceStatus: "available",
      resourceSpecification: specificationRef(controllerSpecification),
      resourceCharacteristic: resourceCharacteristics(controllerValues),
      relatedParty: [owner],
    };
    const controller = await upsertResource(withClusterUsage(controllerDocument, await computeClusterUsage(tx, controllerDocument)));

    for (const node of info.nodes) {
      await upsertResource({
        "@type": "PhysicalResource",
        name: node.name,
        description: `Node ${node.name} of cluster ${info.name}`,
        category: "Kubernetes node",
        administrativeState: "unlocked",
        operationalState: node.ready ? "enable" : "disable",
        resourceStatus: node.ready ? "available" : "alarm",
        resourceSpecification: specificationRef(nodeSpecification),
        resourceCharacteristic: resourceCharacteristics(nodeCharacteristics(node)),
        resourceRelationship: [{ relationshipType: "isPartOf", resource: { id: controller.id, href: controller.href, name: controller.name } }],
        relatedParty: [owner],
      });
    }

    let removed = 0;
    for (const [name, document] of existing) {
      if (currentNames.has(name)) continue;
      await deleteDocument(tx, resource, "Resource", document.id);
      removed += 1;
    }
    return { controller: controller.id, nodes: info.nodes.length, removed };
  });
}
