import "server-only";
import { and, count, eq, inArray, notInArray } from "drizzle-orm";
import type { ClusterInfo } from "@cop-pilot/cluster";
import type { FabricDriver, FabricEntityKind } from "@cop-pilot/fabric";
import { createLogger } from "@cop-pilot/logger";
import { newId, notFound, TmfError, type Principal, recordAudit } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { schema, type EsoDb } from "../db";
import { assertOrganizationAccess, organizationScope } from "./access";
import { clusterDriverOf, clusterFailure, fabricDriverOf, fabricFailure, seal, type DomainClusterRow } from "./drivers";
import { loadFabricNetwork } from "./fabric-networks";
import { loadIdentity, type FabricIdentityRow } from "./identities";
import { checkKubeconfig, type KubeconfigSummary } from "./kubeconfig";

const log = createLogger("expansion.clusters");

// Step 3 of the platform expansion: a domain owner registers a compute
// cluster. The ESO exposes its API server through the fabric (configs, a
// service, Bind and Dial policies, an edge router policy), connects and
// records the version, the nodes and their capacity.

/** Role attribute of the ESO's own identity on the fabric, which the Dial policies of cluster services select. */
export const esoRoleAttribute = "cop-pilot-eso";

export const registerClusterInput = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be lowercase letters, digits and '-', at most 63 characters, such as oulu-k8s"),
    fabricIdentityId: z.string().trim().min(1, "is required"),
    kind: z.enum(["simulated", "kubernetes"], { error: 'must be "simulated" or "kubernetes"' }),
    /** Kubeconfig YAML; required for the kubernetes kind. */
    kubeconfig: z.string().max(256 * 1024, "must be at most 256 KiB").optional(),
  })
  .superRefine((value, context) => {
    if (value.kind === "kubernetes" && !value.kubeconfig?.trim()) context.addIssue({ code: "custom", path: ["kubeconfig"], message: "is required for a Kubernetes cluster" });
  });
export type RegisterClusterInput = z.infer<typeof registerClusterInput>;

export interface ClusterNodeView {
  name: string;
  roles: string[];
  ready: boolean;
  capacity: { cpu: string; memory: string; pods: string };
  allocatable: { cpu: string; memory: string; pods: string };
}

/** A registered cluster as callers see it: never with its kubeconfig. */
export interface DomainClusterView {
  id: string;
  name: string;
  kind: string;
  organizationId: string;
  fabricIdentityId: string;
  domainName: string;
  apiServerUrl: string | null;
  version: string | null;
  nodes: ClusterNodeView[];
  status: string;
  /** Whether the ESO reaches the API server through the fabric or, with the simulated fabric, directly. */
  connection: "fabric" | "direct";
  lastCheckedAt: string | null;
  lastError: string | null;
  createdAt: string;
}

function toView(row: DomainClusterRow, identity: Pick<FabricIdentityRow, "domainName">, fabricKind: string): DomainClusterView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    organizationId: row.organizationId,
    fabricIdentityId: row.fabricIdentityId,
    domainName: identity.domainName,
    apiServerUrl: row.apiServerUrl,
    version: row.version,
    nodes: row.nodes as unknown as ClusterNodeView[],
    status: row.status,
    // NOTE: the ESO has no OpenZiti SDK, so even with a real fabric it dials the API server directly once the service and policies exist.
    connection: fabricKind === "simulated" ? "direct" : "fabric",
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
  };
}

async function describeRows(db: EsoDb, rows: DomainClusterRow[]): Promise<DomainClusterView[]> {
  if (rows.length === 0) return [];
  const identities = await db
    .select({ id: schema.fabricIdentity.id, domainName: schema.fabricIdentity.domainName, kind: schema.fabricNetwork.kind })
    .from(schema.fabricIdentity)
    .innerJoin(schema.fabricNetwork, eq(schema.fabricNetwork.id, schema.fabricIdentity.fabricNetworkId))
    .where(inArray(schema.fabricIdentity.id, rows.map((row) => row.fabricIdentityId)));
  const byId = new Map(identities.map((identity) => [identity.id, identity]));
  return rows.map((row) => {
    const identity = byId.get(row.fabricIdentityId);
    return toView(row, { domainName: identity?.domainName ?? "" }, identity?.kind ?? "simulated");
  });
}

export async function loadCluster(db: EsoDb, principal: Principal, id: string): Promise<DomainClusterRow> {
  const [row] = await db.select().from(schema.domainCluster).where(eq(schema.domainCluster.id, id)).limit(1);
  if (!row) throw notFound("DomainCluster", id);
  assertOrganizationAccess(principal, row.organizationId, "DomainCluster", id);
  return row;
}

export async function getCluster(db: EsoDb, principal: Principal, id: string): Promise<DomainClusterView> {
  const [view] = await describeRows(db, [await loadCluster(db, principal, id)]);
  return view!;
}

export async function listClusters(db: EsoDb, principal: Principal): Promise<DomainClusterView[]> {
  const scope = organizationScope(principal);
  const rows = await db
    .select()
    .from(schema.domainCluster)
    .where(scope === undefined ? undefined : eq(schema.domainCluster.organizationId, scope))
    .orderBy(schema.domainCluster.name);
  return describeRows(db, rows);
}

/**
 * Creates the fabric entities that expose the API server. host.v1 forwards to
 * it from the domain's identity, and intercept.v1 names the address dialers
 * use. Bind lets the domain's identity host the service, Dial lets the ESO
 * reach it, and the edge router policy opens every edge router to the domain.
 * On a failure the entities created so far are deleted again.
 */
async function exposeApiServer(
  fabric: FabricDriver,
  identity: FabricIdentityRow,
  clusterName: string,
  target: Pick<KubeconfigSummary, "host" | "port">,
): Promise<{ kind: FabricEntityKind; id: string }[]> {
  const created: { kind: FabricEntityKind; id: string }[] = [];
  const prefix = `${identity.name}-${clusterName}`;
  try {
    const host = await fabric.createConfig({ name: `${prefix}-host`, type: "host.v1", data: { protocol: "tcp", address: target.host, port: target.port } });
    created.push({ kind: "config", id: host });
    const intercept = await fabric.createConfig({
      name: `${prefix}-intercept`,
      type: "intercept.v1",
      data: { protocols: ["tcp"], addresses: [`${clusterName}.${identity.name}.cop-pilot.ziti`], portRanges: [{ low: 443, high: 443 }] },
    });
    created.push({ kind: "config", id: intercept });
    const service = await fabric.createService({ name: `${prefix}-kube-api`, configIds: [host, intercept], roleAttributes: ["cop-pilot-kube-api"] });
    created.push({ kind: "service", id: service });
    created.push({ kind: "servicePolicy", id: await fabric.createServicePolicy({ name: `${prefix}-bind`, type: "Bind", serviceRoles: [`@${service}`], identityRoles: [`@${identity.remoteId}`] }) });
    created.push({ kind: "servicePolicy", id: await fabric.createServicePolicy({ name: `${prefix}-dial`, type: "Dial", serviceRoles: [`@${service}`], identityRoles: [`#${esoRoleAttribute}`] }) });
    created.push({ kind: "edgeRouterPolicy", id: await fabric.createEdgeRouterPolicy({ name: `${prefix}-routers`, edgeRouterRoles: ["#all"], identityRoles: [`@${identity.remoteId}`] }) });
    return created;
  } catch (error) {
    await removeFabricEntities(fabric, created);
    throw error;
  }
}

async function removeFabricEntities(fabric: FabricDriver, entities: { kind: string; id: string }[]): Promise<void> {
  // Policies first, then the service, then its configs, the reverse of creation.
  for (const entity of [...entities].reverse()) {
    await fabric.deleteEntity(entity.kind as FabricEntityKind, entity.id).catch((error: unknown) => log.warn({ err: error, entity }, "could not delete a fabric entity"));
  }
}

function nodesOf(info: ClusterInfo): Record<string, unknown>[] {
  return info.nodes.map((node) => ({ name: node.name, roles: node.roles, ready: node.ready, capacity: node.capacity, allocatable: node.allocatable }));
}

/**
 * Registers a cluster for the caller's organization. The fabric identity must
 * be connected. A kubeconfig that is malformed, uses an unsupported auth
 * method or points at an unreachable API server gets a 422 and saves nothing,
 * and the fabric entities created for it are deleted again.
 */
export async function registerCluster(db: EsoDb, principal: Principal, input: RegisterClusterInput): Promise<DomainClusterView> {
  const identity = await loadIdentity(db, principal, input.fabricIdentityId).catch((error: unknown) => {
    if (error instanceof TmfError && error.code === "notFound") throw new TmfError("unprocessable", `fabricIdentityId: Fabric identity "${input.fabricIdentityId}" does not exist`);
    throw error;
  });
  if (identity.status !== "connected") {
    throw new TmfError("unprocessable", `Fabric identity "${identity.name}" is ${identity.status}; run the fabric client with its enrollment token until the identity shows connected`);
  }
  const [taken] = await db
    .select({ id: schema.domainCluster.id })
    .from(schema.domainCluster)
    .where(and(eq(schema.domainCluster.organizationId, identity.organizationId), eq(schema.domainCluster.name, input.name)))
    .limit(1);
  if (taken) throw new TmfError("conflict", `Your organization has a cluster named "${input.name}" already`);

  const summary = input.kind === "kubernetes" ? checkKubeconfig(input.kubeconfig!) : undefined;
  const sealedKubeconfig = summary ? seal(input.kubeconfig!) : null;
  const id = newId();
  const network = await loadFabricNetwork(db, identity.fabricNetworkId);
  const fabric = fabricDriverOf(db, network);

  let entities: { kind: FabricEntityKind; id: string }[];
  try {
    // A simulated cluster has no API server address, so its service forwards to a placeholder of the same shape.
    entities = await exposeApiServer(fabric, identity, input.name, summary ?? { host: `${input.name}.simulated.invalid`, port: 6443 });
  } catch (error) {
    throw fabricFailure(`Exposing the API server of cluster "${input.name}" through fabric network "${network.name}"`, error);
  }

  let info: ClusterInfo;
  try {
    info = await clusterDriverOf(db, { id, name: input.name, kind: input.kind, sealedKubeconfig }).describe();
  } catch (error) {
    await removeFabricEntities(fabric, entities);
    log.info({ clusterName: input.name, error: (error as Error).message }, "cluster registration rejected: connection failed");
    throw clusterFailure(`Connecting to the API server of cluster "${input.name}"${summary ? ` at ${summary.server}` : ""}`, error);
  }

  await db.transaction(async (tx) => {
    await tx.insert(schema.domainCluster).values({
      id,
      name: input.name,
      organizationId: identity.organizationId,
      fabricIdentityId: identity.id,
      kind: input.kind,
      apiServerUrl: summary?.server ?? null,
      sealedKubeconfig,
      version: info.version,
      nodes: nodesOf(info),
      fabricEntities: entities,
      status: "connected",
      lastCheckedAt: new Date(),
    });
    await recordAudit(tx, principal, { action: "create", resourceType: "DomainCluster", resourceId: id, summary: `Registered ${input.kind} cluster "${input.name}"` });
  });
  log.info({ clusterId: id, kind: input.kind, nodes: info.nodes.length, version: info.version }, "cluster registered");
  return getCluster(db, principal, id);
}

/** Connects again and records version and nodes, or the failure. */
export async function refreshCluster(db: EsoDb, principal: Principal, id: string): Promise<DomainClusterView> {
  const cluster = await loadCluster(db, principal, id);
  try {
    const info = await clusterDriverOf(db, cluster).describe();
    await db.update(schema.domainCluster).set({ version: info.version, nodes: nodesOf(info), status: "connected", lastError: null, lastCheckedAt: new Date() }).where(eq(schema.domainCluster.id, id));
  } catch (error) {
    const message = clusterFailure(`Connecting to cluster "${cluster.name}"`, error).message;
    log.warn({ clusterId: id, error: message }, "cluster check failed");
    await db.update(schema.domainCluster).set({ status: "unreachable", lastError: message, lastCheckedAt: new Date() }).where(eq(schema.domainCluster.id, id));
  }
  return getCluster(db, principal, id);
}

/** Removes a cluster and its fabric entities; a cluster that carries a Domain Orchestrator is kept. */
export async function removeCluster(db: EsoDb, principal: Principal, id: string): Promise<void> {
  const cluster = await loadCluster(db, principal, id);
  const [deployments] = await db
    .select({ total: count() })
    .from(schema.domainOrchestratorDeployment)
    .where(and(eq(schema.domainOrchestratorDeployment.clusterId, id), notInArray(schema.domainOrchestratorDeployment.state, ["failed"])));
  if (Number(deployments?.total ?? 0) > 0) throw new TmfError("conflict", `Cluster "${cluster.name}" runs a Domain Orchestrator; it cannot be removed while the DO exists`);
  const [identity] = await db.select().from(schema.fabricIdentity).where(eq(schema.fabricIdentity.id, cluster.fabricIdentityId));
  if (identity) {
    const network = await loadFabricNetwork(db, identity.fabricNetworkId);
    await removeFabricEntities(fabricDriverOf(db, network), cluster.fabricEntities);
  }
  await db.transaction(async (tx) => {
    await tx.delete(schema.domainOrchestratorDeployment).where(eq(schema.domainOrchestratorDeployment.clusterId, id));
    await tx.delete(schema.domainCluster).where(eq(schema.domainCluster.id, id));
    await recordAudit(tx, principal, { action: "delete", resourceType: "DomainCluster", resourceId: id, summary: `Removed cluster ${id}` });
  });
  log.info({ clusterId: id }, "cluster removed");
}
