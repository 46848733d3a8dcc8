import "server-only";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { TmfError, listResponse, notFound, okResponse, parseListQuery, selectFields, type AttributeFilter } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { listDomainCapacities, type DomainCapacity } from "../capacity/domain-capacity";
import { db } from "../db";

// TMF639 at the ESO: one read-only resource per peered domain with the
// capacity its DO reports, so that the BMP can check an order against it
// without reaching the DO.

/** TMF639 `category` of the ESO's domain capacity resources. */
export const domainCapacityCategory = "Domain capacity";

const readers = { roles: ["platformAdmin", "serviceDesigner", "businessAdmin", "customer", "domainOwner"] } as const;

/** Returns the id of the capacity resource of a peer. */
export function domainCapacityResourceId(peerId: string): string {
  return `domain-capacity-${peerId}`;
}

/** Builds the TMF639 resource of a domain's capacity. */
export function toCapacityResource(capacity: DomainCapacity, baseUrl: string): Record<string, unknown> {
  const id = domainCapacityResourceId(capacity.peerId);
  const amounts = capacity.amounts;
  const characteristics: { name: string; valueType: string; value: unknown; unitOfMeasure?: string }[] = [
    { name: "domainId", valueType: "string", value: capacity.peerId },
    { name: "domainName", valueType: "string", value: capacity.peerName },
    { name: "capacityStatus", valueType: "string", value: capacity.status },
    ...(amounts
      ? [
          { name: "cpuAllocatable", valueType: "number", value: amounts.cpuAllocatable, unitOfMeasure: "cores" },
          { name: "memoryAllocatable", valueType: "number", value: amounts.memoryAllocatable, unitOfMeasure: "GiB" },
          { name: "podsAllocatable", valueType: "integer", value: amounts.podsAllocatable },
          { name: "cpuAvailable", valueType: "number", value: amounts.cpuAvailable, unitOfMeasure: "cores" },
          { name: "memoryAvailable", valueType: "number", value: amounts.memoryAvailable, unitOfMeasure: "GiB" },
          { name: "podsAvailable", valueType: "integer", value: amounts.podsAvailable },
          { name: "replicasAvailable", valueType: "integer", value: amounts.replicasAvailable },
        ]
      : []),
  ];
  return {
    id,
    href: `${baseUrl}${tmfApiPaths.resourceInventory}/resource/${id}`,
    "@type": "LogicalResource",
    name: `${capacity.peerName} capacity`,
    description: capacity.reason ?? `Capacity that the DO of ${capacity.peerName} reports for its cluster`,
    category: domainCapacityCategory,
    resourceStatus: capacity.status === "reported" ? "available" : "unknown",
    operationalState: capacity.status === "unreachable" ? "disable" : "enable",
    relatedParty: [{ id: capacity.peerId, name: capacity.peerName, role: "Owner", "@referredType": "Organization" }],
    resourceCharacteristic: characteristics,
    lastUpdate: capacity.checkedAt.toISOString(),
  };
}

/** Collects the values at a dotted path, looking into arrays on the way. */
function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((entry) => valuesAt(entry, path));
  if (path.length === 0) return [value];
  if (value === null || typeof value !== "object") return [];
  return valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

function matches(document: Record<string, unknown>, filter: AttributeFilter): boolean {
  if (filter.operator !== "eq") {
    throw new TmfError("invalidQuery", `Query parameter "${filter.path.join(".")}" uses the "${filter.operator}" operator, but the domain capacity list filters by equality only`);
  }
  return valuesAt(document, filter.path).some((value) => filter.values.includes(String(value)));
}

export const domainCapacityHandlers = {
  collection: {
    // GET /tmf-api/resourceInventoryManagement/v4/resource – the capacity of every peered domain
    GET: route(readers, async ({ url, baseUrl }) => {
      const query = parseListQuery(url.searchParams);
      const resources = (await listDomainCapacities(db())).map((capacity) => toCapacityResource(capacity, baseUrl));
      const selected = resources.filter((resource) => query.filters.every((filter) => matches(resource, filter)));
      const page = selected.slice(query.offset, query.offset + query.limit);
      return listResponse(
        page.map((resource) => selectFields(resource, query.fields)),
        selected.length,
      );
    }),
  },
  item: {
    // GET /tmf-api/resourceInventoryManagement/v4/resource/{id} – the capacity of one domain
    GET: route<{ id: string }>(readers, async ({ url, params, baseUrl }) => {
      const query = parseListQuery(url.searchParams);
      const capacity = (await listDomainCapacities(db())).find((candidate) => domainCapacityResourceId(candidate.peerId) === params.id);
      if (!capacity) throw notFound("Resource", params.id);
      return okResponse(selectFields(toCapacityResource(capacity, baseUrl), query.fields));
    }),
  },
};
