import { z } from "zod";
import type { ServiceSpecification } from "@cop-pilot/tmf-schemas";

export const peerDialects = ["tmf", "openslice"] as const;
/** API dialect of a peer: `tmf` for TMF633/641 v4, `openslice` for the older dialect that OpenSlice speaks. */
export type PeerDialect = (typeof peerDialects)[number];
export const peerDialect = z.enum(peerDialects);

/** A DO's service order in the canonical TMF641 v4 shape, with states spelled as TMF641 spells them. */
export interface RemoteOrder {
  id: string;
  href?: string;
  state?: string;
  serviceOrderItem: { id: string; state?: string; service?: { id?: string; href?: string } }[];
  note?: { text: string; author?: string; date?: string }[];
  errorMessage?: { reason?: string; message?: string; code?: string }[];
}

/**
 * The TMF633 and TMF641 calls the ESO makes to a DO, in canonical TMF v4
 * shapes whatever dialect the DO speaks. Each adapter validates every reply
 * and throws a TmfClientError with status 502 for a reply it cannot read.
 */
export interface PeerAdapter {
  readonly dialect: PeerDialect;
  /**
   * Lists every service specification. With `summary`, a DO that supports
   * `fields` returns only the attributes the availability check compares.
   */
  listServiceSpecifications(options?: { summary?: boolean }): Promise<ServiceSpecification[]>;
  getServiceSpecification(id: string): Promise<ServiceSpecification>;
  /** Places a TMF641 v4 order; the idempotency key makes a repeated call return the first order where the DO supports it. */
  createServiceOrder(order: Record<string, unknown>, idempotencyKey: string): Promise<RemoteOrder>;
  getServiceOrder(id: string): Promise<RemoteOrder>;
  cancelServiceOrder(id: string, reason: string | undefined): Promise<void>;
}

/** An absolute http(s) URL; anything else from a DO is dropped rather than shown as a link. */
export const webUrl = z.url({ protocol: /^https?$/ });

/** Drops the attributes whose value is null, as Java-based peers send for every unset field. */
export function withoutNulls<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null)) as T;
}

/**
 * Builds a check that runs before the full schema of a reply. A reply that
 * carries `foreignKey` but not `ownKey` is in the other dialect, so the issue
 * names that dialect instead of listing every attribute that does not fit.
 */
export function otherDialectHint(ownKey: string, foreignKey: string, otherDialect: PeerDialect) {
  return z.unknown().superRefine((value, context) => {
    if (value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (record[foreignKey] != null && record[ownKey] == null) {
      context.addIssue({ code: "custom", path: [foreignKey], message: `is the ${otherDialect === "tmf" ? "TMF v4" : "OpenSlice"} name of ${ownKey}; peer with this DO in the ${otherDialect} dialect` });
    }
  });
}
