import { z } from "zod";
import {
  serviceCatalog,
  serviceCategory,
  serviceOrder,
  serviceSpecification,
  tmfApiPaths,
  type ServiceOrderCreate,
} from "@cop-pilot/tmf-schemas";
import { TmfClient, type QueryValue } from "./client";

const idOnly = z.looseObject({ id: z.string() });

/** TMF633 and TMF641 calls one orchestrator makes to another (ESO → DO, BMP → ESO). */
export function createServiceClient(client: TmfClient) {
  const catalog = tmfApiPaths.serviceCatalog;
  const ordering = tmfApiPaths.serviceOrdering;
  return {
    listServiceSpecifications: (query: Record<string, QueryValue> = {}) => client.listAll(`${catalog}/serviceSpecification`, serviceSpecification, query),
    getServiceSpecification: (id: string) => client.get(`${catalog}/serviceSpecification/${encodeURIComponent(id)}`, serviceSpecification),
    listServiceCatalogs: () => client.listAll(`${catalog}/serviceCatalog`, serviceCatalog),
    listServiceCategories: () => client.listAll(`${catalog}/serviceCategory`, serviceCategory),
    createServiceOrder: (order: ServiceOrderCreate, idempotencyKey?: string) =>
      client.create(`${ordering}/serviceOrder`, order, serviceOrder, idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}),
    getServiceOrder: (id: string) => client.get(`${ordering}/serviceOrder/${encodeURIComponent(id)}`, serviceOrder),
    listServiceOrders: (query: Record<string, QueryValue> = {}) => client.list(`${ordering}/serviceOrder`, serviceOrder, query),
    cancelServiceOrder: (id: string, reason?: string) =>
      client.create(`${ordering}/cancelServiceOrder`, { serviceOrder: { id }, cancellationReason: reason }, idOnly),
  };
}

export type ServiceClient = ReturnType<typeof createServiceClient>;
