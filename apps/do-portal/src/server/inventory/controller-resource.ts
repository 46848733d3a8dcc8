import "server-only";
import { isDeepStrictEqual } from "node:util";
import { and, eq, sql } from "drizzle-orm";
import { replaceDocument, type Db, type TmfDocument } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import { clusterUsageOf, type ClusterUsage } from "./cluster-usage";
import { controllerSpecificationName, deploymentResourceCategory } from "./resource-names";

const { resource, resourceSpecification } = schema;

interface CharacteristicEntry {
  name: string;
  valueType?: string;
  value: unknown;
}

const usageCharacteristicNames = new Set(["cpuAllocated", "memoryAllocated", "podsAllocated", "cpuAvailable", "memoryAvailable", "podsAvailable", "replicasAvailable"]);

/**
 * Serializes every change of the cluster resources in one database: the
 * refresh from the cluster and the usage that deployments change.
 */
export async function lockClusterResources(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('cop-pilot-do-resource-refresh'))`);
}

/** Returns the TMF639 resource of the cluster controller, or undefined before the DO first described the cluster. */
export async function findControllerResource(tx: Db): Promise<TmfDocument | undefined> {
  const [row] = await tx
    .select({ document: resource.document })
    .from(resource)
    .innerJoin(resourceSpecification, eq(resource.resourceSpecificationId, resourceSpecification.id))
    .where(eq(resourceSpecification.name, controllerSpecificationName))
    .limit(1);
  return row?.document as TmfDocument | undefined;
}

/** Returns the TMF639 resources of the deployments that the DO created and has not removed. */
export async function listLiveDeploymentResources(tx: Db): Promise<TmfDocument[]> {
  const rows = await tx
    .select({ document: resource.document })
    .from(resource)
    .where(and(sql`${resource.document} ->> 'category' = ${deploymentResourceCategory}`, sql`${resource.document} ->> 'endOperatingDate' is null`));
  return rows.map((row) => row.document as TmfDocument);
}

function characteristicsOf(document: Record<string, unknown>): CharacteristicEntry[] {
  return (document.resourceCharacteristic as CharacteristicEntry[] | undefined) ?? [];
}

function numberCharacteristic(document: Record<string, unknown>, name: string): number | undefined {
  const value = characteristicsOf(document).find((entry) => entry.name === name)?.value;
  return typeof value === "number" ? value : undefined;
}

/** Returns the controller document with the usage of the cluster in place of the previous one. */
export function withClusterUsage<T extends Record<string, unknown>>(controller: T, usage: ClusterUsage): T {
  const kept = characteristicsOf(controller).filter((entry) => !usageCharacteristicNames.has(entry.name));
  const availableEntries: CharacteristicEntry[] = [
    { name: "cpuAvailable", valueType: "number", value: usage.cpuAvailable },
    { name: "memoryAvailable", valueType: "number", value: usage.memoryAvailable },
    { name: "podsAvailable", valueType: "integer", value: usage.podsAvailable },
    { name: "replicasAvailable", valueType: "integer", value: usage.replicasAvailable },
  ];
  return {
    ...controller,
    usageState: usage.usageState,
    resourceCharacteristic: [
      ...kept,
      { name: "cpuAllocated", valueType: "number", value: usage.cpuAllocated },
      { name: "memoryAllocated", valueType: "number", value: usage.memoryAllocated },
      { name: "podsAllocated", valueType: "integer", value: usage.podsAllocated },
      // An amount the cluster does not report is left out rather than sent as null.
      ...availableEntries.filter((entry) => entry.value !== undefined),
    ],
  };
}

/** Computes the usage of the cluster from the live deployment resources and the controller's allocatable resources. */
export async function computeClusterUsage(tx: Db, controller: Record<string, unknown>): Promise<ClusterUsage> {
  const deployments = await listLiveDeploymentResources(tx);
  const replicas = deployments.reduce((total, deployment) => total + (numberCharacteristic(deployment, "replicas") ?? 0), 0);
  return clusterUsageOf(
    { deployments: deployments.length, replicas },
    {
      cpu: numberCharacteristic(controller, "cpuAllocatable"),
      memory: numberCharacteristic(controller, "memoryAllocatable"),
      pods: numberCharacteristic(controller, "podsAllocatable"),
    },
  );
}

/**
 * Recomputes `usageState` and the allocated amounts of the cluster controller
 * after deployments changed. Call it in the transaction that changed them, so
 * that the controller never disagrees with the committed deployments.
 */
export async function refreshControllerUsage(tx: Db): Promise<void> {
  // The lock makes a concurrent change wait, so the later transaction counts both changes.
  await lockClusterResources(tx);
  const controller = await findControllerResource(tx);
  if (!controller) return;

  const updated = withClusterUsage(controller, await computeClusterUsage(tx, controller));
  if (isDeepStrictEqual(updated, controller)) return;
  await replaceDocument(tx, resource, "Resource", updated, { name: updated.name, resourceStatus: updated.resourceStatus });
}
