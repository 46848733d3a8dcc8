import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, isNotNull, notInArray, sql } from "drizzle-orm";
import { toDeploymentName, type ClusterDriver } from "@cop-pilot/cluster";
import { createLogger } from "@cop-pilot/logger";
import { domainIds } from "@cop-pilot/service-library";
import { characteristicSpecification, tmfApiPaths, type ServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import { describeProblems, getDocument, insertDocument, newId, replaceDocument, resolveCharacteristics, TmfError, type Principal } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { schema, type EsoDb } from "../db";
import { requesterParty } from "../ordering/access";
import { recordHistory } from "../ordering/history";
import type { OrderItemDocument, ServiceOrderDocument } from "../ordering/types";
import { addPeer } from "../peering/peers";
import { importSpecifications, listRemoteSpecifications } from "../peering/specifications";
import { organizationScope } from "./access";
import { clusterDriverOf, seal, unseal, type DomainClusterRow } from "./drivers";
import {
  findFreePort,
  isHealthy,
  isLocalDomainOrchestratorRunning,
  localLogFile,
  localRuntimeAvailable,
  seedLocalOwnerAccount,
  startLocalDomainOrchestrator,
  stopLocalDomainOrchestrator,
} from "./local-runtime";

const log = createLogger("expansion.domain-orchestrators");

// Step 4 of the platform expansion: the "COP-PILOT Domain Orchestrator"
// service of the ESO's own marketplace. An order for it deploys a DO into a
// registered cluster, and the order completes when the rollout is done. Then
// the ESO peers with the new DO and imports its specifications by itself.

export const domainOrchestratorSpecificationId = "cop-pilot-domain-orchestrator";
const platformCatalogId = "cop-pilot-platform-services";
const expansionCategoryId = "cop-pilot-platform-expansion";
/** The artifact that a simulated cluster can run: the do-portal app of this repository. */
export const localArtifactName = "do-portal";
const doPort = 3000;
/** Restarts of a local DO that exits while starting before its order fails. */
const maxStartAttempts = 5;

export type DeploymentRow = typeof schema.domainOrchestratorDeployment.$inferSelect;

const secretsSchema = z.object({
  apiToken: z.string(),
  authSecret: z.string(),
  /** Password of the orderer's account in the new DO's portal; shown to the owner on the expansion page. */
  ownerPassword: z.string().optional(),
});

function valueSpec(value: unknown, valueType: string, isDefault = false) {
  return { value, valueType, isDefault, "@type": "CharacteristicValueSpecification" };
}

/** The characteristics an order sets: the artifact, how long the DO runs and where. */
export const domainOrchestratorCharacteristics = [
  {
    name: "artifactRegistry",
    description: "OCI registry that serves the DO image",
    valueType: "string",
    minCardinality: 1,
    maxCardinality: 1,
    configurable: true,
    characteristicValueSpecification: [valueSpec("oci://registry.cop-pilot.eu/charts", "string", true), { valueType: "string", regex: "^oci://[^\\s/]+(/[^\\s]*)?$" }],
  },
  {
    name: "artifact",
    description: `Name of the DO artifact in the registry; a simulated cluster runs only "${localArtifactName}"`,
    valueType: "string",
    minCardinality: 1,
    maxCardinality: 1,
    configurable: true,
    characteristicValueSpecification: [valueSpec(localArtifactName, "string", true), { valueType: "string", regex: "^[a-z0-9]+([._-][a-z0-9]+)*$" }],
  },
  {
    name: "artifactVersion",
    description: "Version (tag) of the artifact",
    valueType: "string",
    minCardinality: 1,
    maxCardinality: 1,
    configurable: true,
    characteristicValueSpecification: [valueSpec("1.0.0", "string", true), { valueType: "string", regex: "^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$" }],
  },
  {
    name: "duration",
    description: "How long the DO runs, in days",
    valueType: "integer",
    minCardinality: 1,
    maxCardinality: 1,
    configurable: true,
    characteristicValueSpecification: [{ valueType: "integer", valueFrom: 1, valueTo: 3650, unitOfMeasure: "days" }, valueSpec(365, "integer", true)],
  },
  {
    name: "targetCluster",
    description: "Id of a cluster your organization registered, whose fabric identity is connected",
    valueType: "string",
    minCardinality: 1,
    maxCardinality: 1,
    configurable: true,
  },
  {
    name: "starterCatalog",
    description: "COP-PILOT service library domain whose service catalogue the new DO publishes at its first start",
    valueType: "string",
    minCardinality: 1,
    maxCardinality: 1,
    configurable: true,
    characteristicValueSpecification: domainIds.map((id, index) => valueSpec(id, "string", index === 0)),
  },
];

/** Records the platform catalogue, its expansion category and the DO specification, once, with stable ids. */
export async function ensureDomainOrchestratorOffering(db: EsoDb, baseUrl: string): Promise<void> {
  const href = (collection: string, id: string) => `${baseUrl}${tmfApiPaths.serviceCatalog}/${collection}/${id}`;
  const categoryRef = { id: expansionCategoryId, href: href("serviceCategory", expansionCategoryId), name: "Platform expansion", "@referredType": "ServiceCategory" };
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('cop-pilot-eso-domain-orchestrator-offering'))`);
    const [existing] = await tx.select({ id: schema.serviceSpecification.id }).from(schema.serviceSpecification).where(eq(schema.serviceSpecification.id, domainOrchestratorSpecificationId));
    if (existing) return;
    const [category] = await tx.select({ id: schema.serviceCategory.id }).from(schema.serviceCategory).where(eq(schema.serviceCategory.id, expansionCategoryId));
    if (!category) {
      await insertDocument(
        tx,
        schema.serviceCategory,
        { ...categoryRef, "@type": "ServiceCategory", description: "Services that bring new domains onto the platform", version: "1.0", lifecycleStatus: "Active", isRoot: true },
        { name: categoryRef.name, lifecycleStatus: "Active" },
      );
    }
    const [catalog] = await tx.select({ id: schema.serviceCatalog.id }).from(schema.serviceCatalog).where(eq(schema.serviceCatalog.id, platformCatalogId));
    if (!catalog) {
      await insertDocument(
        tx,
        schema.serviceCatalog,
        {
          id: platformCatalogId,
          href: href("serviceCatalog", platformCatalogId),
          "@type": "ServiceCatalog",
          name: "COP-PILOT platform services",
          description: "Services that the End-to-end Service Orchestrator provides itself",
          version: "1.0",
          lifecycleStatus: "Active",
          category: [categoryRef],
        },
        { name: "COP-PILOT platform services", lifecycleStatus: "Active" },
      );
    }
    await insertDocument(
      tx,
      schema.serviceSpecification,
      {
        id: domainOrchestratorSpecificationId,
        href: href("serviceSpecification", domainOrchestratorSpecificationId),
        "@type": "ServiceSpecification",
        name: "COP-PILOT Domain Orchestrator",
        description:
          "Deploys a COP-PILOT Domain Orchestrator into a cluster your organization registered. Once the rollout is done, the ESO peers with the new DO and its services join the marketplace.",
        version: "1.0.0",
        lifecycleStatus: "Active",
        isBundle: false,
        category: [categoryRef],
        specCharacteristic: domainOrchestratorCharacteristics,
      },
      { name: "COP-PILOT Domain Orchestrator", version: "1.0.0", lifecycleStatus: "Active" },
    );
  });
}

/** True when any item of the order requests the DO specification. */
export function ordersDomainOrchestrator(input: ServiceOrderCreate): boolean {
  return input.serviceOrderItem.some((item) => item.service.serviceSpecification?.id === domainOrchestratorSpecificationId);
}

function characteristicValue(values: { name: string; value: unknown }[], name: string): unknown {
  return values.find((entry) => entry.name === name)?.value;
}

async function uniqueDomainId(db: EsoDb, domainName: string, clusterId: string): Promise<string> {
  const base = toDeploymentName(domainName).slice(0, 40).replace(/-+$/, "");
  const taken = async (candidate: string) =>
    (await db.select({ id: schema.domainOrchestratorDeployment.id }).from(schema.domainOrchestratorDeployment).where(eq(schema.domainOrchestratorDeployment.domainId, candidate)).limit(1)).length > 0 ||
    (domainIds as readonly string[]).includes(candidate);
  if (!(await taken(base))) return base;
  return `${base}-${clusterId.slice(0, 8)}`;
}

/**
 * Accepts an order for a Domain Orchestrator: one item, action add, into a
 * cluster of the caller's organization whose fabric identity is connected.
 * The order and the deployment are stored in one transaction; the expansion
 * loop then deploys.
 */
export async function placeDomainOrchestratorOrder(db: EsoDb, input: ServiceOrderCreate, options: { principal: Principal; baseUrl: string }): Promise<ServiceOrderDocument> {
  const { principal } = options;
  if (principal.kind === "user" && principal.role !== "domainOwner" && principal.role !== "platformAdmin") {
    throw new TmfError("forbidden", "Only domain owners and platform admins order a Domain Orchestrator");
  }
  if (input.serviceOrderItem.length !== 1) {
    throw new TmfError("invalidBody", "serviceOrderItem: order the COP-PILOT Domain Orchestrator in an order of its own, with one item");
  }
  const item = input.serviceOrderItem[0]!;
  if (item.action !== "add") throw new TmfError("invalidBody", `serviceOrderItem ${item.id}: action "${item.action}" is not supported; a DO is ordered with action "add"`);

  const specification = await getDocument(db, schema.serviceSpecification, "ServiceSpecification", domainOrchestratorSpecificationId);
  const resolved = resolveCharacteristics(z.array(characteristicSpecification).parse(specification.specCharacteristic), item.service.serviceCharacteristic ?? []);
  if (resolved.problems.length > 0) throw new TmfError("invalidBody", `serviceOrderItem ${item.id}: ${describeProblems(resolved.problems)}`);

  const clusterId = String(characteristicValue(resolved.values, "targetCluster"));
  const [cluster] = await db.select().from(schema.domainCluster).where(eq(schema.domainCluster.id, clusterId)).limit(1);
  const scope = organizationScope(principal);
  if (!cluster || (scope !== undefined && cluster.organizationId !== scope)) {
    throw new TmfError("unprocessable", `targetCluster: Cluster "${clusterId}" does not exist or does not belong to your organization`);
  }
  const [identity] = await db.select().from(schema.fabricIdentity).where(eq(schema.fabricIdentity.id, cluster.fabricIdentityId));
  if (!identity || identity.status !== "connected") {
    throw new TmfError("unprocessable", `targetCluster: the fabric identity of cluster "${cluster.name}" is not connected; start the fabric client first`);
  }
  if (identity.latitude === null || identity.longitude === null) {
    throw new TmfError("unprocessable", `targetCluster: fabric identity "${identity.name}" has no location, which the platform map needs; create an identity with a location`);
  }
  const artifact = {
    registry: String(characteristicValue(resolved.values, "artifactRegistry")),
    name: String(characteristicValue(resolved.values, "artifact")),
    version: String(characteristicValue(resolved.values, "artifactVersion")),
  };
  if (cluster.kind === "simulated" && artifact.name !== localArtifactName) {
    throw new TmfError("unprocessable", `artifact: a simulated cluster runs only the "${localArtifactName}" artifact, not "${artifact.name}"`);
  }
  if (cluster.kind === "simulated" && !localRuntimeAvailable()) {
    throw new TmfError("unavailable", "This ESO cannot run a DO in a simulated cluster: LOCAL_DO_APP_DIR and LOCAL_DO_DATABASE_URL are not set");
  }
  const [running] = await db
    .select({ id: schema.domainOrchestratorDeployment.id })
    .from(schema.domainOrchestratorDeployment)
    .where(and(eq(schema.domainOrchestratorDeployment.clusterId, cluster.id), notInArray(schema.domainOrchestratorDeployment.state, ["failed"])))
    .limit(1);
  if (running) throw new TmfError("conflict", `Cluster "${cluster.name}" already runs a Domain Orchestrator (deployment ${running.id})`);

  const durationDays = Number(characteristicValue(resolved.values, "duration"));
  const domainId = await uniqueDomainId(db, identity.domainName, cluster.id);
  const id = newId();
  const now = new Date();
  const requester = requesterParty(principal);
  const orderItem: OrderItemDocument = {
    ...item,
    state: "acknowledged",
    service: {
      ...item.service,
      name: item.service.name ?? `Domain Orchestrator of ${identity.domainName}`,
      serviceSpecification: { id: specification.id, href: String(specification.href), name: String(specification.name), version: "1.0.0", "@referredType": "ServiceSpecification" },
      serviceCharacteristic: resolved.values,
    },
  };
  const document: ServiceOrderDocument = {
    ...input,
    id,
    href: `${options.baseUrl}${tmfApiPaths.serviceOrdering}/serviceOrder/${id}`,
    "@type": input["@type"] ?? "ServiceOrder",
    state: "acknowledged",
    orderDate: now.toISOString(),
    ...(requester ? { relatedParty: [...(input.relatedParty ?? []), requester] } : {}),
    serviceOrderItem: [orderItem],
  };

  await db.transaction(async (tx) => {
    // Never claimed by the delegation processor: the expansion loop advances this order.
    await insertDocument(tx, schema.serviceOrder, document, { state: "acknowledged", externalId: input.externalId ?? null, nextAttemptAt: null });
    await recordHistory(tx, id, "acknowledged", { message: `Order accepted: a Domain Orchestrator for ${identity.domainName} in cluster ${cluster.name}` });
    await tx.insert(schema.domainOrchestratorDeployment).values({
      id: newId(),
      serviceOrderId: id,
      orderItemId: item.id,
      clusterId: cluster.id,
      domainId,
      domainName: identity.domainName,
      name: "cop-pilot-do",
      artifact,
      starterCatalog: String(characteristicValue(resolved.values, "starterCatalog")),
      expiresAt: new Date(now.getTime() + durationDays * 24 * 60 * 60 * 1000),
      sealedSecrets: seal(
        JSON.stringify({ apiToken: randomBytes(24).toString("base64url"), authSecret: randomBytes(32).toString("base64url"), ownerPassword: randomBytes(12).toString("base64url") }),
      ),
      nextAttemptAt: now,
    });
  });
  log.info({ serviceOrderId: id, clusterId: cluster.id, domainId }, "Domain Orchestrator order accepted");
  return getDocument<ServiceOrderDocument>(db, schema.serviceOrder, "ServiceOrder", id);
}

/** Moves the order and its one item to `state` and records it in the history. */
async function setOrderState(db: EsoDb, deployment: DeploymentRow, state: string, message: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.execute<{ document: ServiceOrderDocument }>(sql`select document from ${schema.serviceOrder} where id = ${deployment.serviceOrderId} for update`);
    if (!row) return;
    const order = row.document;
    const final = state === "completed" || state === "failed";
    const updated: ServiceOrderDocument = {
      ...order,
      state,
      ...(final ? { completionDate: new Date().toISOString() } : {}),
      serviceOrderItem: order.serviceOrderItem.map((item) => (item.id === deployment.orderItemId ? { ...item, state } : item)),
      ...(state === "failed" ? { note: [...(order.note ?? []), { text: message, author: "ESO", date: new Date().toISOString() }] } : {}),
    };
    await replaceDocument(tx, schema.serviceOrder, "ServiceOrder", updated, { state, nextAttemptAt: null });
    await recordHistory(tx, deployment.serviceOrderId, state, { message, orderItemId: deployment.orderItemId, itemState: state });
  });
}

async function update(db: EsoDb, id: string, values: Partial<typeof schema.domainOrchestratorDeployment.$inferInsert>): Promise<void> {
  await db.update(schema.domainOrchestratorDeployment).set(values).where(eq(schema.domainOrchestratorDeployment.id, id));
}

async function fail(db: EsoDb, deployment: DeploymentRow, message: string): Promise<void> {
  log.warn({ deploymentId: deployment.id, serviceOrderId: deployment.serviceOrderId, error: message }, "Domain Orchestrator deployment failed");
  await update(db, deployment.id, { state: "failed", lastError: message, nextAttemptAt: null, completedAt: new Date() });
  await setOrderState(db, deployment, "failed", message);
}

function later(milliseconds: number): Date {
  return new Date(Date.now() + milliseconds);
}

async function loadContext(db: EsoDb, deployment: DeploymentRow) {
  const [cluster] = await db.select().from(schema.domainCluster).where(eq(schema.domainCluster.id, deployment.clusterId));
  const [identity] = cluster ? await db.select().from(schema.fabricIdentity).where(eq(schema.fabricIdentity.id, cluster.fabricIdentityId)) : [];
  return { cluster, identity };
}

/** Starts the local DO on the port it had, or on a free one that no other deployment uses. */
async function startLocal(db: EsoDb, deployment: DeploymentRow, cluster: DomainClusterRow, identity: NonNullable<Awaited<ReturnType<typeof loadContext>>["identity"]>): Promise<string> {
  const secrets = secretsSchema.parse(JSON.parse(unseal(deployment.sealedSecrets)));
  let port = deployment.endpoint ? Number(new URL(deployment.endpoint).port) : undefined;
  if (port === undefined) {
    const endpoints = await db.select({ endpoint: schema.domainOrchestratorDeployment.endpoint }).from(schema.domainOrchestratorDeployment).where(isNotNull(schema.domainOrchestratorDeployment.endpoint));
    port = await findFreePort(new Set(endpoints.map((row) => Number(new URL(row.endpoint!).port))));
  }
  return startLocalDomainOrchestrator({
    domainId: deployment.domainId,
    domainName: deployment.domainName,
    starterCatalog: deployment.starterCatalog,
    latitude: identity.latitude ?? 0,
    longitude: identity.longitude ?? 0,
    locationName: identity.locationName ?? deployment.domainName,
    clusterName: cluster.name,
    apiToken: secrets.apiToken,
    authSecret: secrets.authSecret,
    port,
  });
}

/** Peers with the new DO (or finds the peer of an earlier attempt) and imports all its specifications into a catalogue of the domain. */
async function peerWithDomainOrchestrator(db: EsoDb, deployment: DeploymentRow, cluster: DomainClusterRow, identity: { latitude: number | null; longitude: number | null; locationName: string | null }, baseUrl: string): Promise<string> {
  const secrets = secretsSchema.parse(JSON.parse(unseal(deployment.sealedSecrets)));
  const endpoint = deployment.endpoint!;
  const [existing] = await db.select({ id: schema.peer.id }).from(schema.peer).where(eq(schema.peer.endpoint, endpoint)).limit(1);
  const peerId =
    existing?.id ??
    (
      await addPeer(
        db,
        {
          name: deployment.domainName,
          endpoint,
          apiToken: secrets.apiToken,
          location: { name: identity.locationName ?? deployment.domainName, latitude: identity.latitude ?? 0, longitude: identity.longitude ?? 0 },
          organization: { id: cluster.organizationId },
          // The DO was deployed from this repository's do-portal, so it speaks plain TMF.
          dialect: "tmf",
        },
        { baseUrl, actor: { kind: "system", name: "expansion workflow" } },
      )
    ).id;

  const remote = await listRemoteSpecifications(db, peerId);
  const ids = remote.map((specification) => specification.id);
  if (ids.length > 0) {
    const catalogName = `${deployment.domainName} services`;
    const [catalog] = await db.select({ id: schema.serviceCatalog.id }).from(schema.serviceCatalog).where(eq(schema.serviceCatalog.name, catalogName)).limit(1);
    const [category] = await db.select({ id: schema.serviceCategory.id }).from(schema.serviceCategory).where(eq(schema.serviceCategory.name, deployment.domainName)).limit(1);
    await importSpecifications(
      db,
      peerId,
      {
        specificationIds: ids,
        catalog: catalog ? { id: catalog.id } : { name: catalogName, description: `Services of the domain ${deployment.domainName}` },
        category: category ? { id: category.id } : { name: deployment.domainName, description: `Services that the DO of ${deployment.domainName} offers` },
      },
      { baseUrl },
    );
  }
  return peerId;
}

/** Returns the user who placed the order, whose account the new DO's portal gets. */
async function orderer(db: EsoDb, serviceOrderId: string): Promise<{ email: string; name: string } | undefined> {
  const [order] = await db.select({ document: schema.serviceOrder.document }).from(schema.serviceOrder).where(eq(schema.serviceOrder.id, serviceOrderId));
  const parties = ((order?.document as ServiceOrderDocument | undefined)?.relatedParty ?? []) as { id: string; role?: string }[];
  const requester = parties.find((party) => party.role === "Requester");
  if (!requester) return undefined;
  const [user] = await db.select({ email: schema.user.email, name: schema.user.name }).from(schema.user).where(eq(schema.user.id, requester.id));
  return user;
}

async function seedOwnerAccount(db: EsoDb, deployment: DeploymentRow): Promise<void> {
  const secrets = secretsSchema.parse(JSON.parse(unseal(deployment.sealedSecrets)));
  const owner = await orderer(db, deployment.serviceOrderId);
  if (!owner || !secrets.ownerPassword) return;
  await seedLocalOwnerAccount(deployment.domainId, { ...owner, password: secrets.ownerPassword });
}

/** Advances one deployment by one step; the loop calls it again at `nextAttemptAt`. */
async function advanceDeployment(db: EsoDb, deployment: DeploymentRow, options: { baseUrl: string }): Promise<void> {
  const [order] = await db.select({ state: schema.serviceOrder.state }).from(schema.serviceOrder).where(eq(schema.serviceOrder.id, deployment.serviceOrderId));
  if (order && ["cancelled", "pendingCancellation", "assessingCancellation"].includes(order.state) && deployment.state !== "peering") {
    stopLocalDomainOrchestrator(deployment.domainId);
    await update(db, deployment.id, { state: "failed", lastError: "The service order was cancelled", nextAttemptAt: null });
    return;
  }
  const { cluster, identity } = await loadContext(db, deployment);
  if (!cluster || !identity) return fail(db, deployment, "The target cluster or its fabric identity was removed before the DO was deployed");
  const driver: ClusterDriver = clusterDriverOf(db, cluster);
  const ref = { namespace: deployment.domainId, name: deployment.name };

  switch (deployment.state) {
    case "deploying": {
      await driver.deploy({
        ...ref,
        artifact: deployment.artifact,
        replicas: 1,
        port: doPort,
        config: { DOMAIN_ID: deployment.starterCatalog, COP_PILOT_DOMAIN: deployment.domainId },
        labels: { "cop-pilot.eu/service-order": deployment.serviceOrderId.slice(0, 63) },
      });
      await update(db, deployment.id, { state: "rollingOut", lastError: null, nextAttemptAt: later(500) });
      await setOrderState(db, deployment, "inProgress", `Deploying ${deployment.artifact.name}:${deployment.artifact.version} into cluster ${cluster.name}, namespace ${deployment.domainId}`);
      return;
    }
    case "rollingOut": {
      const status = await driver.getDeploymentStatus(ref);
      if (status.phase === "failed" || status.phase === "notFound") return fail(db, deployment, `The rollout in cluster ${cluster.name} failed: ${status.message ?? status.phase}`);
      if (status.phase === "progressing") return update(db, deployment.id, { nextAttemptAt: later(500) });
      if (cluster.kind !== "simulated") {
        // NOTE: on a real cluster the DO's Service is internal; peering waits for an endpoint the ESO can reach, which is not automated yet.
        await update(db, deployment.id, { state: "completed", nextAttemptAt: null, completedAt: new Date(), lastError: "Rollout done; peer with the DO once its Service is exposed to the ESO" });
        return setOrderState(db, deployment, "completed", `Rollout done in cluster ${cluster.name}: ${status.message ?? ""}`);
      }
      const endpoint = await startLocal(db, deployment, cluster, identity);
      await update(db, deployment.id, { state: "starting", endpoint, nextAttemptAt: later(1000) });
      return;
    }
    case "starting": {
      if (!isLocalDomainOrchestratorRunning(deployment.domainId)) {
        if (deployment.failedAttempts >= maxStartAttempts) return fail(db, deployment, `The DO of ${deployment.domainName} exited ${maxStartAttempts} times while starting; see ${localLogFile(deployment.domainId)}`);
        await startLocal(db, deployment, cluster, identity);
        throw new Error(`The local DO of ${deployment.domainName} was not running and was started again; see ${localLogFile(deployment.domainId)}`);
      }
      if (!(await isHealthy(deployment.endpoint!))) {
        const startedFor = Date.now() - (deployment.createdAt?.getTime() ?? Date.now());
        if (startedFor > 10 * 60_000) return fail(db, deployment, `The DO at ${deployment.endpoint} did not become healthy`);
        return update(db, deployment.id, { nextAttemptAt: later(1000) });
      }
      await seedOwnerAccount(db, deployment);
      await setOrderState(db, deployment, "completed", `Rollout done: the DO of ${deployment.domainName} runs at ${deployment.endpoint}`);
      await update(db, deployment.id, { state: "peering", nextAttemptAt: new Date() });
      return;
    }
    case "peering": {
      const peerId = await peerWithDomainOrchestrator(db, deployment, cluster, identity, options.baseUrl);
      await update(db, deployment.id, { state: "completed", peerId, lastError: null, nextAttemptAt: null, completedAt: new Date() });
      log.info({ deploymentId: deployment.id, peerId, domainId: deployment.domainId }, "peered with the new Domain Orchestrator");
      return;
    }
  }
}

/**
 * Runs one pass over the due deployments. `FOR UPDATE SKIP LOCKED` and a
 * lease keep two passes from taking the same deployment. A step that throws
 * is retried with a growing delay; the deployment is never dropped.
 */
export async function runDomainOrchestratorPass(db: EsoDb, options: { baseUrl: string }): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`
    update ${schema.domainOrchestratorDeployment}
    set next_attempt_at = now() + interval '2 minutes'
    where id in (
      select id from ${schema.domainOrchestratorDeployment}
      where next_attempt_at is not null and next_attempt_at <= now()
      order by next_attempt_at
      limit 10
      for update skip locked
    )
    returning id`);
  for (const { id } of rows) {
    const [deployment] = await db.select().from(schema.domainOrchestratorDeployment).where(eq(schema.domainOrchestratorDeployment.id, id));
    if (!deployment) continue;
    try {
      await advanceDeployment(db, deployment, options);
      // Only progress resets the count, so that a DO that keeps exiting while starting still reaches the limit.
      const [after] = await db.select({ state: schema.domainOrchestratorDeployment.state }).from(schema.domainOrchestratorDeployment).where(eq(schema.domainOrchestratorDeployment.id, id));
      if (after && after.state !== deployment.state) await update(db, id, { failedAttempts: 0 });
    } catch (error) {
      const attempts = deployment.failedAttempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      log.warn({ deploymentId: id, state: deployment.state, attempts, error: message }, "Domain Orchestrator step failed; retrying");
      await update(db, id, { failedAttempts: attempts, lastError: message, nextAttemptAt: later(Math.min(60_000, 1000 * 2 ** Math.min(attempts, 6))) });
    }
  }
  return rows.length;
}

/** Starts the local DOs that had been running before the ESO restarted. */
export async function resumeLocalDomainOrchestrators(db: EsoDb): Promise<void> {
  const rows = await db
    .select()
    .from(schema.domainOrchestratorDeployment)
    .where(and(isNotNull(schema.domainOrchestratorDeployment.endpoint), notInArray(schema.domainOrchestratorDeployment.state, ["failed"])));
  for (const deployment of rows) {
    const { cluster, identity } = await loadContext(db, deployment);
    if (cluster?.kind !== "simulated" || !identity) continue;
    try {
      await startLocal(db, deployment, cluster, identity);
    } catch (error) {
      log.error({ err: error, deploymentId: deployment.id }, "could not restart a local DO");
    }
  }
}

export interface DeploymentView {
  id: string;
  serviceOrderId: string;
  clusterId: string;
  domainId: string;
  domainName: string;
  artifact: { registry: string; name: string; version: string };
  state: string;
  endpoint: string | null;
  peerId: string | null;
  expiresAt: string | null;
  lastError: string | null;
  createdAt: string;
  /** Sign-in of the orderer in the new DO's portal, once the DO runs; only for the owner's own organization. */
  portalAccount: { email: string; password: string } | null;
}

export async function listDeployments(db: EsoDb, principal: Principal): Promise<DeploymentView[]> {
  const scope = organizationScope(principal);
  const rows = await db
    .select({ deployment: schema.domainOrchestratorDeployment })
    .from(schema.domainOrchestratorDeployment)
    .innerJoin(schema.domainCluster, eq(schema.domainCluster.id, schema.domainOrchestratorDeployment.clusterId))
    .where(scope === undefined ? undefined : eq(schema.domainCluster.organizationId, scope))
    .orderBy(schema.domainOrchestratorDeployment.createdAt);
  return Promise.all(rows.map(async ({ deployment }) => ({
    id: deployment.id,
    serviceOrderId: deployment.serviceOrderId,
    clusterId: deployment.clusterId,
    domainId: deployment.domainId,
    domainName: deployment.domainName,
    artifact: deployment.artifact,
    state: deployment.state,
    endpoint: deployment.endpoint,
    peerId: deployment.peerId,
    expiresAt: deployment.expiresAt?.toISOString() ?? null,
    lastError: deployment.lastError,
    createdAt: deployment.createdAt.toISOString(),
    portalAccount: await portalAccountOf(db, deployment, principal),
  })));
}

async function portalAccountOf(db: EsoDb, deployment: DeploymentRow, principal: Principal): Promise<{ email: string; password: string } | null> {
  if (principal.kind !== "user" || !["starting", "peering", "completed"].includes(deployment.state) || deployment.endpoint === null) return null;
  const owner = await orderer(db, deployment.serviceOrderId);
  const password = secretsSchema.parse(JSON.parse(unseal(deployment.sealedSecrets))).ownerPassword;
  // The password is shown to the orderer only.
  if (!owner || !password || owner.email !== principal.email) return null;
  return { email: owner.email, password };
}

