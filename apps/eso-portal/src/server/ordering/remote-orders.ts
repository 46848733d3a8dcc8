import { z } from "zod";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { peerTmfClient, type PeerConnection } from "../peering/peer-client";

// TMF641 calls to a DO. Replies are read leniently: the OpenSlice dialect
// names the items `orderItem` and spells states in upper case.

/** An absolute http(s) URL; anything else from a DO is dropped rather than shown as a link. */
const webUrl = z.url({ protocol: /^https?$/ });

/** The TMF638 service a DO created for an item. A malformed reference is dropped, so that it cannot fail the parse of the whole order. */
const remoteServiceRef = z
  .looseObject({ id: z.string().min(1).optional(), href: webUrl.optional().catch(undefined) })
  .optional()
  .catch(undefined);

const remoteErrorMessage = z.looseObject({
  reason: z.string().optional(),
  message: z.string().optional(),
  code: z.string().optional(),
  serviceOrderItem: z.array(z.looseObject({ itemId: z.string().optional() })).optional().catch(undefined),
});

const remoteItem = z.looseObject({
  id: z.string(),
  state: z.string().optional(),
  service: remoteServiceRef,
  // A malformed reason is dropped rather than failing the parse of the whole order.
  errorMessage: z.array(remoteErrorMessage).optional().catch(undefined),
});

const remoteOrder = z
  .looseObject({
    id: z.string().min(1),
    href: webUrl.optional().catch(undefined),
    state: z.string().optional(),
    serviceOrderItem: z.array(remoteItem).optional(),
    orderItem: z.array(remoteItem).optional(),
    note: z.array(z.looseObject({ text: z.string(), author: z.string().optional(), date: z.string().optional() })).optional(),
    errorMessage: z.array(remoteErrorMessage).optional(),
  })
  .transform(({ orderItem, serviceOrderItem, ...order }) => ({ ...order, serviceOrderItem: serviceOrderItem ?? orderItem ?? [] }));

export type RemoteOrder = z.infer<typeof remoteOrder>;
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

/** Places the order at the DO; the idempotency key makes a repeated call return the first order. */
export async function createRemoteOrder(peer: PeerConnection, body: Record<string, unknown>, idempotencyKey: string): Promise<DelegatedOrder> {
  return withHref(peer, await peerTmfClient(peer).create(`${ordering}/serviceOrder`, body, remoteOrder, { "Idempotency-Key": idempotencyKey }));
}

export async function getRemoteOrder(peer: PeerConnection, id: string): Promise<DelegatedOrder> {
  return withHref(peer, await peerTmfClient(peer).get(`${ordering}/serviceOrder/${encodeURIComponent(id)}`, remoteOrder));
}

export async function cancelRemoteOrder(peer: PeerConnection, id: string, reason: string | undefined): Promise<void> {
  await peerTmfClient(peer).create(
    `${ordering}/cancelServiceOrder`,
    { serviceOrder: { id, "@referredType": "ServiceOrder" }, ...(reason ? { cancellationReason: reason } : {}) },
    z.looseObject({}),
  );
}
