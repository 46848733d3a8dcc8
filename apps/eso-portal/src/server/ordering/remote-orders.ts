import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import type { RemoteOrder } from "../peering/dialects/types";
import { peerAdapter, type PeerConnection } from "../peering/peer-client";

// TMF641 calls to a DO. The peer's adapter speaks the DO's dialect and
// returns every order in the canonical TMF641 v4 shape.

export type { RemoteOrder };
/** A DO's order with the href the ESO names it by. */
export type DelegatedOrder = RemoteOrder & { href: string };

const ordering = tmfApiPaths.serviceOrdering;

/** Builds the URL of an order at the DO, for a DO that sends no usable href. */
export function remoteOrderHref(peer: PeerConnection, id: string): string {
  return `${peer.endpoint}${ordering}/serviceOrder/${encodeURIComponent(id)}`;
}

function withHref(peer: PeerConnection, order: RemoteOrder): DelegatedOrder {
  return { ...order, href: order.href ?? remoteOrderHref(peer, order.id) };
}

/** Places the order at the DO; where the DO honours the idempotency key, a repeated call returns the first order. */
export async function createRemoteOrder(peer: PeerConnection, body: Record<string, unknown>, idempotencyKey: string): Promise<DelegatedOrder> {
  return withHref(peer, await peerAdapter(peer).createServiceOrder(body, idempotencyKey));
}

export async function getRemoteOrder(peer: PeerConnection, id: string): Promise<DelegatedOrder> {
  return withHref(peer, await peerAdapter(peer).getServiceOrder(id));
}

export async function cancelRemoteOrder(peer: PeerConnection, id: string, reason: string | undefined): Promise<void> {
  await peerAdapter(peer).cancelServiceOrder(id, reason);
}
