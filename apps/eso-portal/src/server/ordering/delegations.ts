import { eq } from "drizzle-orm";
import { schema, type EsoDb } from "../db";

export type DelegationRow = typeof schema.serviceOrderDelegation.$inferSelect;

export interface ProcessorOptions {
  /** Delay before the next look at an order that is waiting on a DO, in milliseconds. */
  pollIntervalMs: number;
  /** Delay before the next look at an order whose DOs all send events to the ESO, in milliseconds; unset means `pollIntervalMs`. */
  eventFallbackPollIntervalMs?: number;
  /** Upper bound of the retry backoff after failed calls to a DO, in milliseconds. */
  maxBackoffMs?: number;
  /** How long a claimed order stays reserved for this process; after a crash another pass takes it over. */
  leaseMs?: number;
  batchSize?: number;
}

/** Delay before the next call after `failedAttempts` failures in a row: the poll interval doubled per failure, capped. */
export function retryDelay(failedAttempts: number, options: ProcessorOptions): number {
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  if (failedAttempts <= 0) return options.pollIntervalMs;
  return Math.min(maxBackoff, options.pollIntervalMs * 2 ** Math.min(failedAttempts, 16));
}

export async function loadDelegations(db: EsoDb, serviceOrderId: string): Promise<DelegationRow[]> {
  return db
    .select()
    .from(schema.serviceOrderDelegation)
    .where(eq(schema.serviceOrderDelegation.serviceOrderId, serviceOrderId))
    .orderBy(schema.serviceOrderDelegation.createdAt, schema.serviceOrderDelegation.peerName);
}

/** Loads the peer a delegation goes to; undefined once the peer has been removed. */
export async function loadDelegationPeer(db: EsoDb, peerId: string | null) {
  if (peerId === null) return undefined;
  const [peer] = await db.select().from(schema.peer).where(eq(schema.peer.id, peerId)).limit(1);
  return peer;
}
