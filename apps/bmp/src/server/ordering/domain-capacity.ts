import "server-only";
import { z } from "zod";
import { createLogger } from "@cop-pilot/logger";
import { TmfClientError, type TmfClient } from "@cop-pilot/tmf-client";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { domainKeyOf } from "../catalog/service-domain";
import { esoHttpClient } from "../eso";

// The capacity of the domains as the ESO reports it: one TMF639 resource per
// peered domain, in the category "Domain capacity", whose characteristics
// give the replicas that still fit and whether the DO could be read.

const log = createLogger("domain-capacity");

const capacityStatus = z.enum(["reported", "notReported", "unreachable"]);

const capacityResource = z.looseObject({
  id: z.string(),
  description: z.string().optional(),
  resourceCharacteristic: z.array(z.looseObject({ name: z.string(), value: z.unknown().optional() })),
});

/** Capacity of one domain, keyed like the `domain` of the services the BMP orders. */
export interface DomainCapacityEntry {
  status: z.infer<typeof capacityStatus>;
  /** Replicas that still fit, when `status` is `reported`. */
  replicasAvailable?: number;
  /** Reason the capacity is unknown, from the ESO. */
  reason?: string;
}

/** The ESO's report: capacity by domain key, or the reason the ESO could not be asked. */
export type DomainCapacityReport = { reachable: true; domains: Map<string, DomainCapacityEntry> } | { reachable: false; reason: string };

function characteristicOf(resource: z.infer<typeof capacityResource>, name: string): unknown {
  return resource.resourceCharacteristic.find((entry) => entry.name === name)?.value;
}

/** Reads one capacity resource; returns undefined for a resource that names no domain or status. */
function toEntry(resource: z.infer<typeof capacityResource>): [string, DomainCapacityEntry] | undefined {
  const domainId = characteristicOf(resource, "domainId");
  const domainName = characteristicOf(resource, "domainName");
  const status = capacityStatus.safeParse(characteristicOf(resource, "capacityStatus"));
  if (typeof domainId !== "string" || !status.success) return undefined;

  const replicas = characteristicOf(resource, "replicasAvailable");
  const replicasAvailable = typeof replicas === "number" && Number.isInteger(replicas) && replicas >= 0 ? replicas : undefined;
  // A report without a usable replica count gives the BMP nothing to check against.
  const entry: DomainCapacityEntry =
    status.data === "reported" && replicasAvailable === undefined
      ? { status: "notReported", reason: `the ESO reported no valid replicasAvailable for domain ${domainId}` }
      : { status: status.data, ...(replicasAvailable === undefined ? {} : { replicasAvailable }), ...(resource.description ? { reason: resource.description } : {}) };
  return [domainKeyOf({ id: domainId, name: typeof domainName === "string" ? domainName : undefined }), entry];
}

/** Asks the ESO for the capacity of every domain. Never throws: a failed call becomes an unreachable report with its reason. */
export async function fetchDomainCapacities(client: TmfClient = esoHttpClient()): Promise<DomainCapacityReport> {
  try {
    const resources = await client.listAll(`${tmfApiPaths.resourceInventory}/resource`, capacityResource, { category: "Domain capacity" });
    const domains = new Map<string, DomainCapacityEntry>();
    for (const resource of resources) {
      const entry = toEntry(resource);
      if (entry) domains.set(...entry);
      else log.warn({ resourceId: resource.id }, "ignored an ESO capacity resource without domainId or capacityStatus");
    }
    return { reachable: true, domains };
  } catch (error) {
    const status = error instanceof TmfClientError ? error.status : undefined;
    log.warn({ status, error: (error as Error).message }, "could not read the domain capacity from the ESO");
    return { reachable: false, reason: (error as Error).message };
  }
}
