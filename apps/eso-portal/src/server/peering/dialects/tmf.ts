import { z } from "zod";
import { serviceSpecification, tmfApiPaths } from "@cop-pilot/tmf-schemas";
import type { TmfClient } from "@cop-pilot/tmf-client";
import { otherDialectHint, webUrl, type PeerAdapter, type RemoteOrder } from "./types";

// The TMF633/641 v4 dialect that our own DOs speak. Replies are checked to be
// in this dialect, so that a peer set to the wrong dialect fails with a clear
// message rather than with items that silently lack their characteristics.

const catalog = tmfApiPaths.serviceCatalog;
const ordering = tmfApiPaths.serviceOrdering;

export const tmfSpecification = otherDialectHint("specCharacteristic", "serviceSpecCharacteristic", "openslice").pipe(serviceSpecification);

/** The TMF638 service a DO created for an item. A malformed reference is dropped, so that it cannot fail the parse of the whole order. */
const serviceRef = z
  .looseObject({ id: z.string().min(1).optional(), href: webUrl.optional().catch(undefined) })
  .optional()
  .catch(undefined);

const orderItem = z.looseObject({ id: z.string(), state: z.string().optional(), service: serviceRef });

export const tmfOrder = otherDialectHint("serviceOrderItem", "orderItem", "openslice").pipe(
  z.looseObject({
    id: z.string().min(1),
    href: webUrl.optional().catch(undefined),
    state: z.string().optional(),
    serviceOrderItem: z.array(orderItem).optional(),
    note: z.array(z.looseObject({ text: z.string(), author: z.string().optional(), date: z.string().optional() })).optional(),
    errorMessage: z.array(z.looseObject({ reason: z.string().optional(), message: z.string().optional(), code: z.string().optional() })).optional(),
  }).transform((order): RemoteOrder => ({ ...order, serviceOrderItem: order.serviceOrderItem ?? [] })),
);

/** Summary attributes the availability check compares; a DO that supports `fields` returns only these. */
export const specificationSummaryFields = "id,name,description,version,lastUpdate,lifecycleStatus";

export function createTmfAdapter(withClient: <T>(call: (client: TmfClient) => Promise<T>) => Promise<T>): PeerAdapter {
  return {
    dialect: "tmf",
    listServiceSpecifications: (options = {}) =>
      withClient((client) => client.listAll(`${catalog}/serviceSpecification`, tmfSpecification, options.summary ? { fields: specificationSummaryFields } : {})),
    getServiceSpecification: (id) => withClient((client) => client.get(`${catalog}/serviceSpecification/${encodeURIComponent(id)}`, tmfSpecification)),
    createServiceOrder: (order, idempotencyKey) =>
      withClient((client) => client.create(`${ordering}/serviceOrder`, order, tmfOrder, { "Idempotency-Key": idempotencyKey })),
    getServiceOrder: (id) => withClient((client) => client.get(`${ordering}/serviceOrder/${encodeURIComponent(id)}`, tmfOrder)),
    cancelServiceOrder: async (id, reason) => {
      await withClient((client) =>
        client.create(
          `${ordering}/cancelServiceOrder`,
          { serviceOrder: { id, "@referredType": "ServiceOrder" }, ...(reason ? { cancellationReason: reason } : {}) },
          z.looseObject({}),
        ),
      );
    },
  };
}
