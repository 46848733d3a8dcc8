import { and, asc, desc, eq, type SQL } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { newId, notFound, type Db, type Principal, type TmfDocument } from "@cop-pilot/tmf-server";
import { customerIdOf, isCustomer } from "../access";
import type { ProductOrderDocument, ProductOrderItemDocument } from "../ordering/documents";
import { realizingServicesOf } from "../ordering/translate";

// TMF637 Product Inventory: one product per completed product order item,
// created by the order processor when the item completes. The product keeps
// what was ordered (offering, specification, characteristics, prices) and
// the ESO services that realise it.

const { product, productOrderStateHistory } = bmpSchema;

/** Returns the public base URL of the BMP that an order's href starts with. */
function baseUrlOf(order: ProductOrderDocument): string {
  return order.href.split("/tmf-api/")[0] ?? "";
}

/** Builds the TMF637 Product that a completed order item created. */
export function productOf(order: ProductOrderDocument, item: ProductOrderItemDocument, id: string, now: Date): TmfDocument {
  const startDate = order.completionDate ?? now.toISOString();
  const nested = Array.isArray(item.productOrderItem) ? (item.productOrderItem as ProductOrderItemDocument[]) : [];
  return {
    id,
    href: `${baseUrlOf(order)}${tmfApiPaths.productInventory}/product/${id}`,
    "@type": "Product",
    name: item.productOffering.name ?? item.productOffering.id,
    status: "active",
    isBundle: nested.length > 0,
    isCustomerVisible: true,
    orderDate: order.orderDate,
    startDate,
    productOffering: item.productOffering,
    ...(item.product.productSpecification ? { productSpecification: item.product.productSpecification } : {}),
    productCharacteristic: item.product.productCharacteristic ?? [],
    ...(nested.length > 0
      ? { product: nested.map((component) => ({ name: component.productOffering.name, productOffering: component.productOffering, productSpecification: component.product.productSpecification, productCharacteristic: component.product.productCharacteristic ?? [] })) }
      : {}),
    productPrice: item.itemPrice ?? [],
    productOrderItem: [{ orderItemId: item.id, productOrderId: order.id, productOrderHref: order.href, orderItemAction: item.action, "@referredType": "ProductOrderItem" }],
    realizingService: realizingServicesOf(item).map((service) => ({
      id: service.id,
      name: service.serviceSpecification.name,
      ...(order.serviceOrder ? { serviceOrder: { id: order.serviceOrder.id, href: order.serviceOrder.href } } : {}),
      serviceSpecification: service.serviceSpecification,
      ...(service.domain ? { domain: service.domain } : {}),
      "@referredType": "Service",
    })),
    ...(order.relatedParty ? { relatedParty: order.relatedParty } : {}),
  };
}

/**
 * Creates the products of an order's completed items that do not exist yet.
 * The order processor calls it on every save, so a product appears as soon
 * as its item completes, also when other items of the order fail.
 */
export async function recordCompletedProducts(tx: Db, order: ProductOrderDocument, customerId: string | null, now: Date): Promise<number> {
  const completed = order.productOrderItem.filter((item) => item.state === "completed");
  let created = 0;
  for (const item of completed) {
    const id = newId();
    const document = productOf(order, item, id, now);
    const inserted = await tx
      .insert(product)
      .values({
        id,
        href: String(document.href),
        document,
        name: String(document.name),
        status: "active",
        customerId,
        productOfferingId: item.productOffering.id,
        productOrderId: order.id,
        productOrderItemId: item.id,
        lastUpdate: now,
      })
      .onConflictDoNothing()
      .returning({ id: product.id });
    created += inserted.length;
  }
  return created;
}

/** Limits a query to the products the caller may see: a customer's own, or every product for anyone else. */
export function visibleProducts(principal: Principal): SQL | undefined {
  return isCustomer(principal) ? eq(product.customerId, customerIdOf(principal)) : undefined;
}

/** One step of a product's timeline: what happened and when. */
export interface ProductTimelineEntry {
  at: string;
  state: string;
  title: string;
}

/**
 * Loads a product the caller may see with its timeline: the states of the
 * order that created it, oldest first, then the product's activation.
 */
export async function getProductWithTimeline(db: Db, principal: Principal, id: string): Promise<{ product: TmfDocument; timeline: ProductTimelineEntry[] }> {
  const [row] = await db
    .select({ document: product.document, productOrderId: product.productOrderId })
    .from(product)
    .where(and(eq(product.id, id), visibleProducts(principal)))
    .limit(1);
  if (!row) throw notFound("Product", id);

  const history = await db
    .select({ state: productOrderStateHistory.state, changedAt: productOrderStateHistory.changedAt })
    .from(productOrderStateHistory)
    .where(eq(productOrderStateHistory.productOrderId, row.productOrderId))
    .orderBy(asc(productOrderStateHistory.seq));
  const timeline: ProductTimelineEntry[] = [];
  for (const entry of history) {
    if (timeline.at(-1)?.state === entry.state) continue;
    timeline.push({ at: entry.changedAt.toISOString(), state: entry.state, title: `Order ${entry.state}` });
  }
  const document = row.document as TmfDocument;
  timeline.push({ at: String(document.startDate), state: String(document.status), title: "Product active" });
  return { product: document, timeline };
}

/** Lists the products the caller may see, newest first. */
export async function listVisibleProducts(db: Db, principal: Principal, limit = 200): Promise<TmfDocument[]> {
  const rows = await db.select({ document: product.document }).from(product).where(visibleProducts(principal)).orderBy(desc(product.lastUpdate)).limit(limit);
  return rows.map((row) => row.document as TmfDocument);
}
