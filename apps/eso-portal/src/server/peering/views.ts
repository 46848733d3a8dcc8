import type { esoSchema } from "@cop-pilot/db";
import { toClusterKind, type ClusterKind } from "./cluster-kind";

export type PeerRow = typeof esoSchema.peer.$inferSelect;

/** A peer as the API and the portal show it: everything but the API token. */
export interface PeerView {
  id: string;
  name: string;
  endpoint: string;
  organization: { id: string; name: string | null; href: string | null };
  location: { name: string | null; latitude: number; longitude: number };
  availability: string;
  lastCheckedAt: string | null;
  lastError: string | null;
  /** Kind of cluster the DO deploys into, as it last reported; null while unknown. */
  clusterKind: ClusterKind | null;
  createdAt: string;
  /** Specifications of this peer currently in the marketplace. */
  specificationCount: number;
}

export function toPeerView(
  row: PeerRow,
  organization: { name: string | null; href: string | null } | undefined,
  specificationCount: number,
): PeerView {
  return {
    id: row.id,
    name: row.name,
    endpoint: row.endpoint,
    organization: { id: row.organizationId, name: organization?.name ?? null, href: organization?.href ?? null },
    location: { name: row.locationName, latitude: row.latitude, longitude: row.longitude },
    availability: row.availability,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    lastError: row.lastError,
    clusterKind: toClusterKind(row.clusterKind),
    createdAt: row.createdAt.toISOString(),
    specificationCount,
  };
}
