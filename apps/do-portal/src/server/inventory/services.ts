import "server-only";
import { and, eq, isNotNull, notInArray, sql } from "drizzle-orm";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { findDocument, insertDocument, newId, replaceDocument, type Db, type TmfDocument } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import { publishDocumentChange } from "../events";
import {
  characteristicValue,
  type EntityRefDocument,
  type ServiceDocument,
  type ServiceOrderDocument,
  type ServiceOrderItemDocument,
} from "../ordering/documents";

const { service } = schema;

const millisecondsPerDay = 24 * 60 * 60 * 1000;

/** Values of the `service` table's own columns, read from a TMF638 Service document. */
export function serviceColumns(document: Record<string, unknown>) {
  const specification = document.serviceSpecification as { id?: string } | undefined;
  const orderItems = document.serviceOrderItem as { serviceOrderId?: string }[] | undefined;
  return {
    name: typeof document.name === "string" ? document.name : null,
    state: String(document.state),
    serviceSpecificationId: specification?.id ?? null,
    serviceOrderId: orderItems?.[0]?.serviceOrderId ?? null,
  };
}

export interface InventoryService extends TmfDocument {
  name?: string;
  state: string;
  startDate?: string;
  endDate?: string;
  serviceSpecification?: EntityRefDocument;
  supportingResource?: EntityRefDocument[];
}

/**
 * Creates the TMF638 service that a completed order item brought up. It runs
 * from `startDate` for the item's `orderDuration` in days, when it has one.
 */
export async function createServiceForItem(
  tx: Db,
  input: {
    order: ServiceOrderDocument;
    item: ServiceOrderItemDocument;
    /** The deployments that run the service: one, or one per part of a customer-facing service. */
    deployments: EntityRefDocument[];
    /** The resource-facing services a customer-facing service runs through. */
    supportingService?: EntityRefDocument[];
    /** The id planned when the order was placed, for the part of a customer-facing service. */
    id?: string;
    startDate: Date;
    baseUrl: string;
  },
): Promise<InventoryService> {
  const { order, item, deployments, supportingService, startDate, baseUrl } = input;
  const id = input.id ?? newId();
  const durationDays = characteristicValue(item, "orderDuration");
  const endDate =
    typeof durationDays === "number" ? new Date(startDate.getTime() + durationDays * millisecondsPerDay).toISOString() : undefined;

  const source: ServiceDocument = item.service;
  const document: InventoryService = {
    id,
    href: `${baseUrl}${tmfApiPaths.serviceInventory}/service/${id}`,
    "@type": "Service",
    name: source.name,
    description: typeof source.description === "string" ? source.description : undefined,
    state: "active",
    isServiceEnabled: true,
    hasStarted: true,
    startDate: startDate.toISOString(),
    ...(endDate ? { endDate } : {}),
    serviceSpecification: source.serviceSpecification,
    serviceCharacteristic: source.serviceCharacteristic ?? [],
    serviceOrderItem: [{ serviceOrderId: order.id, serviceOrderHref: order.href, itemId: item.id, itemAction: item.action, "@referredType": "ServiceOrderItem" }],
    supportingResource: deployments,
    ...(supportingService ? { supportingService } : {}),
    ...(order.relatedParty ? { relatedParty: order.relatedParty } : {}),
  };
  const stored = await insertDocument(tx, service, document, serviceColumns(document));
  await publishDocumentChange(tx, "service", undefined, stored);
  return stored;
}

/**
 * Claims one active service, created by an order, whose `endDate` has passed.
 * The row stays locked until the transaction ends; rows other processes hold
 * are skipped.
 */
export async function claimExpiredService(tx: Db, skipIds: readonly string[]): Promise<InventoryService | undefined> {
  const conditions = [
    eq(service.state, "active"),
    isNotNull(service.serviceOrderId),
    sql`(${service.document} ->> 'endDate')::timestamptz <= now()`,
  ];
  if (skipIds.length > 0) conditions.push(notInArray(service.id, [...skipIds]));
  const [row] = await tx
    .select({ document: service.document })
    .from(service)
    .where(and(...conditions))
    .limit(1)
    .for("update", { skipLocked: true });
  return row?.document as InventoryService | undefined;
}

export async function saveService(tx: Db, document: InventoryService): Promise<InventoryService> {
  const previous = await findDocument<InventoryService>(tx, service, document.id);
  const stored = await replaceDocument(tx, service, "Service", document, serviceColumns(document));
  await publishDocumentChange(tx, "service", previous, stored);
  return stored;
}
