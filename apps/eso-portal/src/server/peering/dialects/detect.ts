import { z } from "zod";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { TmfClientError } from "@cop-pilot/tmf-client";
import { withPeerClient, type PeerConnection } from "../peer-client";
import type { PeerDialect } from "./types";

// Distinguishes the two dialects by the shape of a DO's replies, before the
// ESO has stored which one the DO speaks.

/** Items requested by the probe; a DO that returns more ignores paging, as OpenSlice does. */
const probeLimit = 5;

export interface DialectEvidence {
  dialect: PeerDialect | undefined;
  /** Reason for the decision, for the log and the error message. */
  reason: string;
}

function hasKey(value: unknown, key: string): boolean {
  return value !== null && typeof value === "object" && key in value && (value as Record<string, unknown>)[key] !== null;
}

/** Classifies a list of service specifications by the name of their characteristics. */
export function classifySpecifications(items: unknown[], totalCountSent: boolean): DialectEvidence {
  if (items.some((item) => hasKey(item, "serviceSpecCharacteristic"))) return { dialect: "openslice", reason: "its specifications carry serviceSpecCharacteristic" };
  if (items.some((item) => hasKey(item, "specCharacteristic"))) return { dialect: "tmf", reason: "its specifications carry specCharacteristic" };
  if (items.length > probeLimit) return { dialect: "openslice", reason: `it returned ${items.length} specifications for limit=${probeLimit}` };
  if (totalCountSent) return { dialect: "tmf", reason: "it pages its lists with X-Total-Count" };
  return { dialect: undefined, reason: "its specifications name no characteristics" };
}

/** Classifies a list of service orders by the name of their items and the spelling of their states. */
export function classifyOrders(items: unknown[]): DialectEvidence {
  const upperCaseState = items.some((item) => typeof (item as { state?: unknown })?.state === "string" && /^[A-Z_]+$/.test((item as { state: string }).state));
  if (items.some((item) => hasKey(item, "orderItem")) || upperCaseState) return { dialect: "openslice", reason: "its orders carry orderItem or upper-case states" };
  if (items.some((item) => hasKey(item, "serviceOrderItem"))) return { dialect: "tmf", reason: "its orders carry serviceOrderItem" };
  return { dialect: undefined, reason: "it has no orders to tell by" };
}

const anyList = z.array(z.unknown(), { error: "must be a JSON array" });

/**
 * Detects the dialect of a DO by probing its specification list, and its
 * order list when the specifications are not conclusive. Without any
 * evidence the DO counts as a TMF DO, unless it was given OAuth2
 * credentials, which only OpenSlice peers use. Throws the TmfClientError of a failed call; a list reply that
 * is not a JSON array fails with status 502.
 */
export async function detectDialect(peer: PeerConnection): Promise<DialectEvidence & { dialect: PeerDialect }> {
  const specifications = await withPeerClient(peer, (client) =>
    client.list(`${tmfApiPaths.serviceCatalog}/serviceSpecification`, z.unknown(), { offset: 0, limit: probeLimit }),
  );
  const bySpecifications = classifySpecifications(specifications.items, specifications.total !== undefined);
  if (bySpecifications.dialect) return { dialect: bySpecifications.dialect, reason: bySpecifications.reason };

  let byOrders: DialectEvidence = { dialect: undefined, reason: "its order list could not be read" };
  try {
    const orders = await withPeerClient(peer, (client) => client.get(`${tmfApiPaths.serviceOrdering}/serviceOrder`, anyList, { offset: 0, limit: probeLimit }));
    byOrders = classifyOrders(orders);
  } catch (error) {
    // The order list is only a hint; a DO that does not let the ESO list orders is still peered.
    if (!(error instanceof TmfClientError)) throw error;
  }
  if (byOrders.dialect) return { dialect: byOrders.dialect, reason: byOrders.reason };
  if (peer.oauth2) return { dialect: "openslice", reason: "its replies tell no dialect apart, and it issues OAuth2 tokens" };
  return { dialect: "tmf", reason: "its replies tell no dialect apart" };
}
