import "server-only";
import { isDeepStrictEqual } from "node:util";
import { eq, sql } from "drizzle-orm";
import { imageReference, type ClusterDriver, type DeploymentPhase, type DeploymentRef, type DeploymentStatus } from "@cop-pilot/cluster";
import type { Logger } from "@cop-pilot/logger";
import type { Domain } from "@cop-pilot/service-library";
import { findDocument, insertDocument, replaceDocument, type Db, type TmfDocument } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import { orchestratorName } from "../domain";
import { publishDocumentChange } from "../events";
import {
  deploymentReferredType,
  deploymentRefFromResource,
  deploymentResourceId,
  deploymentResourceName,
  deploymentResourceRef,
  isLegacyDeploymentRef,
} from "../ordering/deployment";
import type { CharacteristicValue, EntityRefDocument } from "../ordering/documents";
import { ensureDomainOwnerOrganization, ownerRef, type PartyRef } from "../seed/party";
import { ensureResourceCatalog } from "../seed/resources";
import { findControllerResource, listLiveDeploymentResources, lockClusterResources, refreshControllerUsage } from "./controller-resource";
import { saveService, type InventoryService } from "./services";
import { deploymentResourceCategory, deploymentSpecificationName } from "./resource-names";

// Every deployment the DO creates is a TMF639 resource, so that the
// supportingResource of a service and the deployment of an order item can be
// looked up. The resource is recorded when the deployment is created, updated
// when its status changes, and kept with endOperatingDate once the DO removed
// the deployment, because terminated services still refer to it.

const { organization, resource, resourceSpecification, service } = schema;

export interface DeploymentInventoryScope {
  domain: Domain;
  /** Public base URL of this DO, for the `href` of the resources. */
  baseUrl: string;
}

/** State of one deployment as the DO observed it at one moment. */
export interface DeploymentObservation {
  ref: DeploymentRef;
  /** Container image, as `imageReference` writes it; absent when the order named no complete artifact. */
  image?: string;
  status: DeploymentStatus;
  serviceOrderId?: string;
  serviceOrderItemId?: string;
}

interface RecordContext {
  specification: EntityRefDocument;
  controller?: EntityRefDocument;
  owner: PartyRef;
}

function resourceStatusOf(phase: DeploymentPhase): string {
  if (phase === "available") return "available";
  if (phase === "failed") return "alarm";
  return "unknown";
}

function characteristicsOf(document: Record<string, unknown>): CharacteristicValue[] {
  return (document.resourceCharacteristic as CharacteristicValue[] | undefined) ?? [];
}

function stringCharacteristic(characteristics: CharacteristicValue[], name: string): string | undefined {
  const value = characteristics.find((entry) => entry.name === name)?.value;
  return typeof value === "string" ? value : undefined;
}

/** Returns the image that the artifact characteristics of an order item or service name, when all three are set. */
export function imageOfCharacteristics(characteristics: CharacteristicValue[]): string | undefined {
  const registry = stringCharacteristic(characteristics, "artifactRegistry");
  const name = stringCharacteristic(characteristics, "artifactName");
  const version = stringCharacteristic(characteristics, "artifactVersion");
  if (!registry || !name || !version) return undefined;
  return imageReference({ registry, name, version });
}

function withoutLastUpdate(document: Record<string, unknown>): Record<string, unknown> {
  const { lastUpdate: _lastUpdate, ...rest } = document;
  return rest;
}

async function loadRecordContext(tx: Db, scope: DeploymentInventoryScope): Promise<RecordContext> {
  const [ownerRow] = await tx.select({ document: organization.document }).from(organization).where(eq(organization.name, scope.domain.name)).limit(1);
  const owner = ownerRow
    ? ownerRef(ownerRow.document as { id: string; href: string; name: string })
    : await ensureDomainOwnerOrganization(tx, scope.domain, scope.baseUrl);

  const [specificationRow] = await tx
    .select({ document: resourceSpecification.document })
    .from(resourceSpecification)
    .where(eq(resourceSpecification.name, deploymentSpecificationName))
    .limit(1);
  let specification = specificationRow?.document as TmfDocument | undefined;
  if (!specification) {
    // Only a database that the startup seed has not reached yet lacks it.
    await lockClusterResources(tx);
    specification = await ensureResourceCatalog(tx, scope.domain, scope.baseUrl, owner);
  }

  const controller = await findControllerResource(tx);
  return {
    owner,
    specification: { id: specification.id, href: specification.href, name: deploymentSpecificationName, "@referredType": "ResourceSpecification" },
    controller: controller ? { id: controller.id, href: controller.href, name: controller.name as string, "@referredType": "LogicalResource" } : undefined,
  };
}

function deploymentDocument(
  scope: DeploymentInventoryScope,
  context: RecordContext,
  observation: DeploymentObservation,
  previous: TmfDocument | undefined,
): TmfDocument {
  const { ref, status } = observation;
  const reference = deploymentResourceRef(ref, scope.baseUrl);
  const characteristics: CharacteristicValue[] = [];
  if (observation.image) characteristics.push({ name: "image", valueType: "string", value: observation.image });
  characteristics.push(
    { name: "replicas", valueType: "integer", value: status.replicas },
    { name: "readyReplicas", valueType: "integer", value: status.readyReplicas },
    { name: "deploymentPhase", valueType: "string", value: status.phase },
  );
  if (observation.serviceOrderId) characteristics.push({ name: "serviceOrderId", valueType: "string", value: observation.serviceOrderId });
  if (observation.serviceOrderItemId) characteristics.push({ name: "serviceOrderItemId", valueType: "string", value: observation.serviceOrderItemId });

  return {
    id: reference.id,
    href: reference.href!,
    "@type": deploymentResourceCategory,
    "@baseType": "LogicalResource",
    name: deploymentResourceName(ref),
    description: `Kubernetes Deployment ${ref.name} in namespace ${ref.namespace} of cluster ${scope.domain.computeCluster}`,
    category: deploymentResourceCategory,
    administrativeState: "unlocked",
    operationalState: status.phase === "available" ? "enable" : "disable",
    usageState: status.phase === "available" ? "active" : "idle",
    resourceStatus: resourceStatusOf(status.phase),
    startOperatingDate: (previous?.startOperatingDate as string | undefined) ?? new Date().toISOString(),
    resourceSpecification: context.specification,
    resourceCharacteristic: characteristics,
    ...(context.controller ? { resourceRelationship: [{ relationshipType: "isPartOf", resource: context.controller }] } : {}),
    relatedParty: [context.owner],
  };
}

function resourceColumns(document: TmfDocument) {
  return {
    name: document.name,
    resourceStatus: document.resourceStatus,
    resourceSpecificationId: (document.resourceSpecification as { id: string }).id,
  };
}

/**
 * Creates or updates the TMF639 resource of a deployment from the status that
 * the cluster reported. Writes nothing when the stored resource is the same.
 * Returns the supportingResource entry and whether the resource changed. A
 * caller that changed one calls `refreshControllerUsage` before it commits.
 */
export async function recordDeployment(
  tx: Db,
  scope: DeploymentInventoryScope,
  observation: DeploymentObservation,
): Promise<{ ref: EntityRefDocument; changed: boolean }> {
  const ref = deploymentResourceRef(observation.ref, scope.baseUrl);
  const previous = await findDocument<TmfDocument>(tx, resource, ref.id);
  const document = deploymentDocument(scope, await loadRecordContext(tx, scope), observation, previous);

  if (!previous) {
    const stored = await insertDocument(tx, resource, document, resourceColumns(document));
    await publishDocumentChange(tx, "resource", undefined, stored);
    return { ref, changed: true };
  }
  if (isDeepStrictEqual(withoutLastUpdate(previous), document)) return { ref, changed: false };
  const stored = await replaceDocument(tx, resource, "Resource", document, resourceColumns(document));
  await publishDocumentChange(tx, "resource", previous, stored);
  return { ref, changed: true };
}

/**
 * Marks the TMF639 resource of a deployment that the DO deleted. The resource
 * stays for the services that refer to it, with `endOperatingDate` and a note
 * that gives the reason. Returns false when there is no live resource to mark.
 */
export async function markDeploymentRemoved(tx: Db, domain: Domain, ref: DeploymentRef, reason: string): Promise<boolean> {
  const previous = await findDocument<TmfDocument>(tx, resource, deploymentResourceId(ref));
  if (!previous || previous.endOperatingDate) return false;

  const now = new Date().toISOString();
  const characteristics = characteristicsOf(previous)
    .filter((entry) => entry.name !== "readyReplicas" && entry.name !== "deploymentPhase")
    .concat([
      { name: "readyReplicas", valueType: "integer", value: 0 },
      { name: "deploymentPhase", valueType: "string", value: "deleted" },
    ]);
  const document: TmfDocument = {
    ...previous,
    administrativeState: "shutdown",
    operationalState: "disable",
    usageState: "idle",
    resourceStatus: "unknown",
    endOperatingDate: now,
    resourceCharacteristic: characteristics,
    note: [...((previous.note as unknown[] | undefined) ?? []), { author: orchestratorName(domain), date: now, text: reason }],
  };
  const stored = await replaceDocument(tx, resource, "Resource", document, resourceColumns(document));
  await publishDocumentChange(tx, "resource", previous, stored);
  return true;
}

export interface DeploymentSync {
  /** Live deployment resources whose status the sync read from the cluster. */
  checked: number;
  /** Resources that the sync created or changed, legacy ones included. */
  changed: number;
  /** Deployments whose status the cluster did not return. */
  failed: number;
}

/**
 * Records the deployments of services created before deployments became
 * TMF639 resources, and points those services at them. A service whose
 * deployment the cluster cannot report now is left for the next sync.
 */
async function recordLegacyDeployments(database: Db, cluster: ClusterDriver, scope: DeploymentInventoryScope, summary: DeploymentSync, log: Logger): Promise<void> {
  const rows = await database
    .select({ document: service.document })
    .from(service)
    .where(sql`${service.document} -> 'supportingResource' @> ${JSON.stringify([{ "@referredType": deploymentReferredType }])}::jsonb`);
  const legacy = rows
    .map((row) => row.document as InventoryService)
    .filter((document) => (document.supportingResource ?? []).some(isLegacyDeploymentRef));

  for (const document of legacy) {
    const active = document.state === "active";
    const refs = (document.supportingResource ?? []).filter(isLegacyDeploymentRef).map(deploymentRefFromResource);
    const statuses = new Map<string, DeploymentStatus>();
    try {
      for (const ref of refs) {
        if (ref && active) statuses.set(deploymentResourceId(ref), await cluster.getDeploymentStatus(ref));
      }
    } catch (error) {
      summary.failed += 1;
      log.warn({ err: error, serviceId: document.id }, "could not read the deployment of a service recorded before deployments were resources; retrying at the next sync");
      continue;
    }

    await database.transaction(async (tx) => {
      const orderItem = (document.serviceOrderItem as { serviceOrderId?: string; itemId?: string }[] | undefined)?.[0];
      const characteristics = (document.serviceCharacteristic as CharacteristicValue[] | undefined) ?? [];
      const supportingResource: EntityRefDocument[] = [];
      for (const entry of document.supportingResource ?? []) {
        const ref = isLegacyDeploymentRef(entry) ? deploymentRefFromResource(entry) : undefined;
        if (!ref) {
          supportingResource.push(entry);
          continue;
        }
        const status = statuses.get(deploymentResourceId(ref)) ?? { phase: "notFound" as const, replicas: 0, readyReplicas: 0 };
        const recorded = await recordDeployment(tx, scope, {
          ref,
          image: imageOfCharacteristics(characteristics),
          status,
          serviceOrderId: orderItem?.serviceOrderId,
          serviceOrderItemId: orderItem?.itemId,
        });
        if (!active) await markDeploymentRemoved(tx, scope.domain, ref, `Removed when service ${document.id} became ${document.state}`);
        supportingResource.push(recorded.ref);
        summary.changed += 1;
      }
      await saveService(tx, { ...document, supportingResource });
      await refreshControllerUsage(tx);
    });
  }
}

/**
 * Reads the status of every live deployment from the cluster and updates its
 * TMF639 resource, and the cluster controller's usage, where it changed. It
 * also records the deployments of services from before deployments became
 * resources. A deployment that the DO removed meanwhile is left as it is.
 */
export async function syncDeploymentResources(
  database: Db,
  cluster: ClusterDriver,
  scope: DeploymentInventoryScope,
  log: Logger,
): Promise<DeploymentSync> {
  const summary: DeploymentSync = { checked: 0, changed: 0, failed: 0 };
  await recordLegacyDeployments(database, cluster, scope, summary, log);

  // One warning per sync, not one per deployment, while the cluster is unreachable.
  let firstFailure: { err: unknown; resourceId: string } | undefined;
  for (const document of await listLiveDeploymentResources(database)) {
    const ref = deploymentRefFromResource({ id: document.id, name: document.name as string, "@referredType": deploymentReferredType });
    if (!ref) continue;
    let status: DeploymentStatus;
    try {
      status = await cluster.getDeploymentStatus(ref);
    } catch (error) {
      summary.failed += 1;
      firstFailure ??= { err: error, resourceId: document.id };
      continue;
    }
    summary.checked += 1;

    await database.transaction(async (tx) => {
      // The lock and the second read keep a removal that committed meanwhile from being undone.
      const [row] = await tx.select({ document: resource.document }).from(resource).where(eq(resource.id, document.id)).for("update");
      const current = row?.document as TmfDocument | undefined;
      if (!current || current.endOperatingDate) return;
      const characteristics = characteristicsOf(current);
      const recorded = await recordDeployment(tx, scope, {
        ref,
        image: stringCharacteristic(characteristics, "image"),
        status,
        serviceOrderId: stringCharacteristic(characteristics, "serviceOrderId"),
        serviceOrderItemId: stringCharacteristic(characteristics, "serviceOrderItemId"),
      });
      if (!recorded.changed) return;
      summary.changed += 1;
      await refreshControllerUsage(tx);
    });
  }
  if (firstFailure) {
    log.warn({ ...firstFailure, failed: summary.failed }, "could not read the status of some deployments; their resources keep the last known status");
  }
  return summary;
}
