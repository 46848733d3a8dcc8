import "server-only";
import { z } from "zod";
import { createLogger } from "@cop-pilot/logger";
import { TmfClientError } from "@cop-pilot/tmf-client";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { env } from "@/env";
import { schema, type EsoDb } from "../db";
import { describePeerFailure, withPeerClient, type PeerConnection } from "../peering/peer-client";

// The capacity each peered DO reports on its cluster controller, a TMF639
// resource whose characteristics give the allocatable, allocated and
// available CPU, memory and pods, and the replicas that still fit. The ESO
// reads it with one filtered list call per DO. A report is cached for
// DOMAIN_CAPACITY_CACHE_MS, and the availability check refreshes it.

const log = createLogger("domain-capacity");

/** TMF639 `category` of a DO's cluster controller resource. */
export const controllerCategory = "Kubernetes cluster";

/**
 * State of a DO's capacity report. `reported`: the DO published its
 * available capacity. `notReported`: the DO is reachable but publishes none,
 * e.g. because it has no TMF639 API. `unreachable`: the ESO could not read it.
 */
export type CapacityStatus = "reported" | "notReported" | "unreachable";

/** Amounts summed over the DO's cluster controllers: CPU in cores, memory in GiB. */
export interface CapacityAmounts {
  cpuAllocatable: number;
  memoryAllocatable: number;
  podsAllocatable: number;
  cpuAvailable: number;
  memoryAvailable: number;
  podsAvailable: number;
  replicasAvailable: number;
}

export interface DomainCapacity {
  peerId: string;
  peerName: string;
  organizationId: string;
  status: CapacityStatus;
  /** Present when `status` is `reported`. */
  amounts?: CapacityAmounts;
  /** Reason the capacity is unknown; absent when it is reported. */
  reason?: string;
  checkedAt: Date;
}

const amountNames = ["cpuAllocatable", "memoryAllocatable", "podsAllocatable", "cpuAvailable", "memoryAvailable", "podsAvailable", "replicasAvailable"] as const;

const controllerResource = z.looseObject({
  id: z.string().optional(),
  resourceCharacteristic: z.array(z.looseObject({ name: z.string(), value: z.unknown().optional() })).optional(),
});

type PeerForCapacity = PeerConnection & { id: string; name: string; organizationId: string };

/** Sums the amounts of the controllers; returns undefined when any controller lacks one of them. */
export function sumControllerAmounts(controllers: z.infer<typeof controllerResource>[]): CapacityAmounts | undefined {
  if (controllers.length === 0) return undefined;
  const totals = Object.fromEntries(amountNames.map((name) => [name, 0])) as Record<(typeof amountNames)[number], number>;
  for (const controller of controllers) {
    const characteristics = new Map((controller.resourceCharacteristic ?? []).map((entry) => [entry.name, entry.value]));
    for (const name of amountNames) {
      const value = characteristics.get(name);
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return undefined;
      totals[name] += value;
    }
  }
  return totals;
}

/** Reads the capacity one DO reports. Never throws: a failure becomes an `unreachable` or `notReported` capacity with its reason. */
export async function fetchDomainCapacity(peer: PeerForCapacity, now = new Date()): Promise<DomainCapacity> {
  const base = { peerId: peer.id, peerName: peer.name, organizationId: peer.organizationId, checkedAt: now };
  try {
    const { items } = await withPeerClient(peer, (client) =>
      client.list(`${tmfApiPaths.resourceInventory}/resource`, controllerResource, { category: controllerCategory, fields: "resourceCharacteristic", limit: 100 }),
    );
    const amounts = sumControllerAmounts(items);
    if (amounts) return { ...base, status: "reported", amounts };
    return { ...base, status: "notReported", reason: `the DO at ${peer.endpoint} publishes no available capacity on a "${controllerCategory}" resource` };
  } catch (error) {
    const reason = describePeerFailure(peer.endpoint, error);
    // A 404 or another client error means the DO has no TMF639 API; anything else means it could not respond now.
    const clientError = error instanceof TmfClientError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403;
    log.info({ peerId: peer.id, error: reason }, "could not read the capacity of a DO");
    return { ...base, status: clientError ? "notReported" : "unreachable", reason };
  }
}

const globalForCapacity = globalThis as unknown as { esoDomainCapacity?: Map<string, DomainCapacity> };

function cache(): Map<string, DomainCapacity> {
  globalForCapacity.esoDomainCapacity ??= new Map();
  return globalForCapacity.esoDomainCapacity;
}

/** Forgets every cached report, so that the next read fetches each DO's report again. */
export function clearDomainCapacityCache(): void {
  cache().clear();
}

/** Reads the capacity of one DO and keeps it in the cache. */
export async function refreshDomainCapacity(peer: PeerForCapacity, now = new Date()): Promise<DomainCapacity> {
  const capacity = await fetchDomainCapacity(peer, now);
  cache().set(peer.id, capacity);
  return capacity;
}

/**
 * Returns the capacity of every peered DO, from the cache when the last
 * report is younger than DOMAIN_CAPACITY_CACHE_MS and from the DO otherwise,
 * asking the DOs in parallel. A DO that the last availability check found
 * unreachable is not asked, and its capacity is `unreachable`.
 */
export async function listDomainCapacities(db: EsoDb, now = new Date()): Promise<DomainCapacity[]> {
  const peers = await db.select().from(schema.peer).orderBy(schema.peer.name);
  const maxAgeMs = env().DOMAIN_CAPACITY_CACHE_MS;
  return Promise.all(
    peers.map(async (peer) => {
      if (peer.availability === "unreachable") {
        const reason = peer.lastError ?? `the DO at ${peer.endpoint} did not respond to the last availability check`;
        return { peerId: peer.id, peerName: peer.name, organizationId: peer.organizationId, status: "unreachable" as const, reason, checkedAt: peer.lastCheckedAt ?? now };
      }
      const cached = cache().get(peer.id);
      if (cached && now.getTime() - cached.checkedAt.getTime() < maxAgeMs) return cached;
      return refreshDomainCapacity(peer, now);
    }),
  );
}
