import { z } from "zod";
import { createLogger } from "@cop-pilot/logger";
import { TmfClientError } from "@cop-pilot/tmf-client";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { withPeerClient, type PeerConnection } from "./peer-client";

// A DO states whether it deploys into a real Kubernetes cluster or into the
// simulated stand-in through the `clusterKind` characteristic of its cluster
// controller, a TMF639 resource. The ESO reads it with one filtered list call.

const log = createLogger("peering");

export const clusterKinds = ["simulated", "kubernetes"] as const;
export type ClusterKind = (typeof clusterKinds)[number];

export const clusterKindCharacteristic = "clusterKind";

const clusterKindValue = z.enum(clusterKinds);

const resourceWithCharacteristics = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  resourceCharacteristic: z.array(z.looseObject({ name: z.string(), value: z.unknown().optional() })).optional(),
});

/**
 * Reads the kind of cluster a DO deploys into. A DO with several controllers
 * counts as simulated when any of them is. Returns null when the DO publishes
 * no controller with a known `clusterKind` value. Throws the TmfClientError of
 * a failed call.
 */
export async function fetchClusterKind(peer: PeerConnection): Promise<ClusterKind | null> {
  const { items } = await withPeerClient(peer, (client) =>
    client.list(`${tmfApiPaths.resourceInventory}/resource`, resourceWithCharacteristics, {
      "resourceCharacteristic.name": clusterKindCharacteristic,
      fields: "name,resourceCharacteristic",
      limit: 100,
    }),
  );
  const kinds = new Set<ClusterKind>();
  for (const resource of items) {
    for (const characteristic of resource.resourceCharacteristic ?? []) {
      if (characteristic.name !== clusterKindCharacteristic) continue;
      const parsed = clusterKindValue.safeParse(characteristic.value);
      if (parsed.success) kinds.add(parsed.data);
      else log.warn({ endpoint: peer.endpoint, resource: resource.id, value: characteristic.value }, "ignored an unknown clusterKind value");
    }
  }
  if (kinds.has("simulated")) return "simulated";
  if (kinds.has("kubernetes")) return "kubernetes";
  return null;
}

/**
 * Reads the cluster kind of a peer whose service catalogue just responded.
 * A failed lookup is logged and never fails peering or the availability
 * check. A client error from the DO (such as 404 from a DO without TMF639)
 * leaves no known kind, so the result is null. After a timeout, a server
 * error or a rejected token, the result is `previous`, the last stored value.
 */
export async function lookUpClusterKind(peer: PeerConnection, previous: ClusterKind | null): Promise<ClusterKind | null> {
  try {
    return await fetchClusterKind(peer);
  } catch (error) {
    const status = error instanceof TmfClientError ? error.status : undefined;
    const transient = status === undefined || status === 401 || status === 403 || (error as TmfClientError).retryable;
    log.info({ endpoint: peer.endpoint, status, error: (error as Error).message, keeps: transient ? previous : null }, "could not read the cluster kind of the DO");
    return transient ? previous : null;
  }
}

/** Narrows a stored value to a cluster kind; anything else is unknown. */
export function toClusterKind(value: string | null): ClusterKind | null {
  const parsed = clusterKindValue.safeParse(value);
  return parsed.success ? parsed.data : null;
}
