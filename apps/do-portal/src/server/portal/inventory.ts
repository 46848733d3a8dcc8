import "server-only";
import { asc, count, desc, not, sql } from "drizzle-orm";
import type { Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import { deploymentResourceCategory } from "../inventory/resource-names";
import type { InventoryService } from "../inventory/services";

const { service, serviceSpecification, resource, resourceSpecification } = schema;

export interface CharacteristicEntry {
  name: string;
  valueType?: string;
  value: unknown;
}

export interface ResourceView {
  id: string;
  name: string;
  category?: string;
  description?: string;
  resourceStatus?: string;
  operationalState?: string;
  usageState?: string;
  endOperatingDate?: string;
  resourceVersion?: string;
  resourceSpecification?: { id: string; name?: string };
  resourceCharacteristic: CharacteristicEntry[];
}

export interface ResourceSpecificationView {
  id: string;
  name: string;
  description?: string;
  version?: string;
  lifecycleStatus?: string;
  resourceSpecCharacteristic: {
    name: string;
    description?: string;
    valueType?: string;
    resourceSpecCharacteristicValue?: { value?: unknown; unitOfMeasure?: string; isDefault?: boolean }[];
  }[];
}

/** Lists the services of the inventory, newest first. */
export async function listServices(database: Db, limit: number): Promise<{ services: InventoryService[]; total: number }> {
  const rows = await database.select({ document: service.document }).from(service).orderBy(desc(service.lastUpdate)).limit(limit);
  const [total] = await database.select({ total: count() }).from(service);
  return { services: rows.map((row) => row.document as InventoryService), total: Number(total?.total ?? 0) };
}

export async function countServicesByState(database: Db): Promise<Record<string, number>> {
  const rows = await database.select({ state: service.state, total: count() }).from(service).groupBy(service.state);
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.total)]));
}

export async function countSpecificationsByStatus(database: Db): Promise<Record<string, number>> {
  const rows = await database
    .select({ status: serviceSpecification.lifecycleStatus, total: count() })
    .from(serviceSpecification)
    .groupBy(serviceSpecification.lifecycleStatus);
  return Object.fromEntries(rows.map((row) => [row.status ?? "unknown", Number(row.total)]));
}

export async function listResourceSpecifications(database: Db): Promise<ResourceSpecificationView[]> {
  const rows = await database.select({ document: resourceSpecification.document }).from(resourceSpecification).orderBy(asc(resourceSpecification.name));
  return rows.map((row) => ({
    ...(row.document as unknown as ResourceSpecificationView),
    resourceSpecCharacteristic: (row.document.resourceSpecCharacteristic as ResourceSpecificationView["resourceSpecCharacteristic"] | undefined) ?? [],
  }));
}

function toResourceView(document: Record<string, unknown>): ResourceView {
  return {
    ...(document as unknown as ResourceView),
    resourceCharacteristic: (document.resourceCharacteristic as CharacteristicEntry[] | undefined) ?? [],
  };
}

const isDeployment = sql`${resource.document} ->> 'category' = ${deploymentResourceCategory}`;

/** Lists the cluster controller, the nodes and any other resource that is not a deployment, by name. */
export async function listInfrastructureResources(database: Db): Promise<ResourceView[]> {
  const rows = await database.select({ document: resource.document }).from(resource).where(not(isDeployment)).orderBy(asc(resource.name));
  return rows.map((row) => toResourceView(row.document));
}

/** Lists the deployment resources: live ones first, then the removed ones, each most recently changed first. */
export async function listDeploymentResources(database: Db, limit: number): Promise<{ deployments: ResourceView[]; total: number }> {
  const rows = await database
    .select({ document: resource.document })
    .from(resource)
    .where(isDeployment)
    .orderBy(sql`${resource.document} ->> 'endOperatingDate' is not null`, desc(resource.lastUpdate))
    .limit(limit);
  const [total] = await database.select({ total: count() }).from(resource).where(isDeployment);
  return { deployments: rows.map((row) => toResourceView(row.document)), total: Number(total?.total ?? 0) };
}
