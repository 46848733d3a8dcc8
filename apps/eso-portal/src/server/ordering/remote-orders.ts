import { z } from "zod";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { peerTmfClient, type PeerConnection } from "../peering/peer-client";

// TMF641 calls to a DO. Replies are read leniently: the OpenSlice dialect
// names the items `orderItem` and spells states in upper case.

const remoteItem = z.looseObject({ id: z.string(), state: z.string().optional() });

const remoteOrder = z
  .looseObject({
    id: z.string().min(1),
    state: z.string().optional(),
    serviceOrderItem: z.array(remoteItem).optional(),
    orderItem: z.array(remoteItem).optional(),
    note: z.array(z.looseObject({ text: z.string(), author: z.string().optional(), date: z.string().optional() })).optional(),
    errorMessage: z.array(z.looseObject({ reason: z.string().optional(), message: z.string().optional(), code: z.string().optional() })).optional(),
  })
  .transform(({ orderItem, serviceOrderItem, ...order }) => ({ ...order, serviceOrderItem: serviceOrderItem ?? orderItem ?? [] }));

export type RemoteOrder = z.infer<typeof remoteOrder>;

const ordering = tmfApiPaths.serviceOrdering;

/** Places the order at the DO; the idempotency key makes a repeated call return the first order. */
export function createRemoteOrder(peer: PeerConnection, body: Record<string, unknown>, idempotencyKey: string): Promise<RemoteOrder> {
  return peerTmfClient(peer).create(`${ordering}/serviceOrder`, body, remoteOrder, { "Idempotency-Key": idempotencyKey });
}

export function getRemoteOrder(peer: PeerConnection, id: string): Promise<RemoteOrder> {
  return peerTmfClient(peer).get(`${ordering}/serviceOrder/${encodeURIComponent(id)}`, remoteOrder);
}

export async function cancelRemoteOrder(peer: PeerConnection, id: string, reason: string | undefined): Promise<void> {
  await peerTmfClient(peer).create(
    `${ordering}/cancelServiceOrder`,
    { serviceOrder: { id, "@referredType": "ServiceOrder" }, ...(reason ? { cancellationReason: reason } : {}) },
    z.looseObject({}),
  );
}
