import type { esoSchema } from "@cop-pilot/db";
import { toClusterKind, type ClusterKind } from "./cluster-kind";
import type { PeerDialect } from "./dialects/types";

export type PeerRow = typeof esoSchema.peer.$inferSelect;
export type PeerCheckRow = typeof esoSchema.peerCheck.$inferSelect;

/** Outcome of one availability check of a peer, in numbers of specifications. */
export interface PeerCheckReport {
  checkedAt: string;
  availability: string;
  unchanged: number;
  updated: number;
  removed: number;
  restored: number;
  durationMs: number;
  error: string | null;
}

/** A peer as the API and the portal show it: everything but the API token and the OAuth2 secrets. */
export interface PeerView {
  id: string;
  name: string;
  endpoint: string;
  dialect: PeerDialect;
  /** Login method of the ESO at the DO; for OAuth2, the token endpoint, client and user, never the secrets. */
  authentication: { type: "apiToken" } | { type: "oauth2"; tokenUrl: string; clientId: string; username: string };
  organization: { id: string; name: string | null; href: string | null };
  location: { name: string | null; latitude: number; longitude: number };
  availability: string;
  lastCheckedAt: string | null;
  lastError: string | null;
  /** The latest availability check with its counts; null before the first periodic or manual check. */
  lastCheck: PeerCheckReport | null;
  /** Kind of cluster the DO deploys into, as it last reported; null while unknown. */
  clusterKind: ClusterKind | null;
  createdAt: string;
  /** Specifications of this peer currently in the marketplace. */
  specificationCount: number;
}

export function toPeerCheckReport(row: PeerCheckRow): PeerCheckReport {
  return {
    checkedAt: row.checkedAt.toISOString(),
    availability: row.availability,
    unchanged: row.unchanged,
    updated: row.updated,
    removed: row.removed,
    restored: row.restored,
    durationMs: row.durationMs,
    error: row.error,
  };
}

export function toPeerView(
  row: PeerRow,
  organization: { name: string | null; href: string | null } | undefined,
  specificationCount: number,
  lastCheck: PeerCheckRow | undefined,
): PeerView {
  return {
    id: row.id,
    name: row.name,
    endpoint: row.endpoint,
    dialect: row.dialect === "openslice" ? "openslice" : "tmf",
    authentication: row.oauth2
      ? { type: "oauth2", tokenUrl: row.oauth2.tokenUrl, clientId: row.oauth2.clientId, username: row.oauth2.username }
      : { type: "apiToken" },
    organization: { id: row.organizationId, name: organization?.name ?? null, href: organization?.href ?? null },
    location: { name: row.locationName, latitude: row.latitude, longitude: row.longitude },
    availability: row.availability,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    lastError: row.lastError,
    lastCheck: lastCheck ? toPeerCheckReport(lastCheck) : null,
    clusterKind: toClusterKind(row.clusterKind),
    createdAt: row.createdAt.toISOString(),
    specificationCount,
  };
}
