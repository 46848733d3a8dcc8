import type { DeploymentStatus } from "@cop-pilot/cluster";
import { isOrderable, partCharacteristicValues, partSpecificationIds, specificationKind } from "@cop-pilot/service-design";
import { tmfApiPaths, type CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { describeProblems, newId, resolveCharacteristics } from "@cop-pilot/tmf-server";
import type { CharacteristicValue, EntityRefDocument, ServiceDocument, ServiceOrderItemDocument } from "./documents";

// A customer-facing specification (CFS) is realised by the resource-facing
// specifications (RFS) it names. An order item for a CFS carries one entry
// per RFS part in `service.supportingService`, with the id its TMF638 service
// gets once the part is up and the characteristic values its deployment
// takes. The processor deploys each part as if it were an item of its own.

export interface SpecificationDocument {
  id: string;
  href: string;
  name: string;
  version?: string;
  lifecycleStatus?: string;
  "@type"?: string;
  specCharacteristic?: CharacteristicSpecification[];
  serviceSpecRelationship?: { id: string; relationshipType?: string }[];
}

/** An RFS part of a CFS order item: a TMF638 service reference that also carries the part's service values. */
export interface ServicePart extends ServiceDocument {
  id: string;
  href: string;
  name: string;
  "@referredType": "Service";
}

export function isCustomerFacing(specification: SpecificationDocument | undefined): boolean {
  return specification !== undefined && specificationKind(specification) === "customerFacing";
}

/** Returns the ids of the RFS parts of the CFS specifications among `specifications`. */
export function partIdsOf(specifications: Iterable<SpecificationDocument>): string[] {
  return [...specifications].filter(isCustomerFacing).flatMap((specification) => partSpecificationIds(specification));
}

function specificationRef(specification: SpecificationDocument): EntityRefDocument {
  return {
    id: specification.id,
    href: specification.href,
    name: specification.name,
    ...(specification.version ? { version: specification.version } : {}),
    "@referredType": "ServiceSpecification",
  };
}

/**
 * Plans the RFS parts of a CFS order item from its resolved values. Returns
 * the parts, or the problems that stop the item: a part that is gone or not
 * orderable, or values that do not fit a part.
 */
export function planParts(
  cfs: SpecificationDocument,
  values: readonly CharacteristicValue[],
  specifications: ReadonlyMap<string, SpecificationDocument>,
  baseUrl: string,
): { parts: ServicePart[]; problems: string[] } {
  const parts: ServicePart[] = [];
  const problems: string[] = [];
  for (const partId of partSpecificationIds(cfs)) {
    const part = specifications.get(partId);
    if (!part) {
      problems.push(`part ${partId} of "${cfs.name}" does not exist in this DO`);
      continue;
    }
    if (!isOrderable(part.lifecycleStatus)) {
      problems.push(`part "${part.name}" ${part.version ?? ""} of "${cfs.name}" is ${part.lifecycleStatus ?? "without a lifecycleStatus"}, so it cannot be ordered`);
      continue;
    }
    const resolved = resolveCharacteristics(part.specCharacteristic ?? [], partCharacteristicValues(cfs, values, part));
    if (resolved.problems.length > 0) {
      problems.push(`part "${part.name}": ${describeProblems(resolved.problems)}`);
      continue;
    }
    const id = newId();
    parts.push({
      id,
      href: `${baseUrl}${tmfApiPaths.serviceInventory}/service/${id}`,
      name: part.name,
      "@referredType": "Service",
      serviceSpecification: specificationRef(part),
      serviceCharacteristic: resolved.values.map((value) => ({ name: value.name, ...(value.valueType ? { valueType: value.valueType } : {}), value: value.value })),
    });
  }
  if (parts.length === 0 && problems.length === 0) problems.push(`"${cfs.name}" names no resource-facing part to deploy`);
  return { parts, problems };
}

/** Returns the RFS parts of an order item; empty for an item that deploys itself. */
export function partsOf(item: ServiceOrderItemDocument): ServicePart[] {
  const supporting = item.service.supportingService;
  return Array.isArray(supporting) ? (supporting as ServicePart[]).filter((part) => part["@referredType"] === "Service" && part.serviceSpecification !== undefined) : [];
}

/**
 * Returns the items whose deployments realise an order item: one per RFS part
 * of a CFS item, each sharing its `service` object with the part so that what
 * the processor records lands in the order, or the item itself.
 */
export function deploymentTargetsOf(item: ServiceOrderItemDocument): ServiceOrderItemDocument[] {
  const parts = partsOf(item);
  if (parts.length === 0) return [item];
  return parts.map((part, index) => ({ id: `${item.id}-${index + 1}`, action: item.action, state: item.state, service: part }));
}

/** Combines the statuses of the parts: failed when one failed, available when all are, progressing otherwise. */
export function combineStatuses(statuses: readonly DeploymentStatus[]): DeploymentStatus {
  const replicas = statuses.reduce((total, status) => total + status.replicas, 0);
  const readyReplicas = statuses.reduce((total, status) => total + status.readyReplicas, 0);
  const failed = statuses.filter((status) => status.phase === "failed");
  if (failed.length > 0) return { phase: "failed", replicas, readyReplicas, message: failed.map((status) => status.message ?? "no reason given").join("; ") };
  if (statuses.every((status) => status.phase === "available")) return { phase: "available", replicas, readyReplicas };
  return { phase: "progressing", replicas, readyReplicas };
}
