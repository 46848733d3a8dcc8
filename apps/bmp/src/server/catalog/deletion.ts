import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import { finalProductOrderStates } from "@cop-pilot/tmf-schemas";
import { TmfError, deleteDocument, notFound, type Db, recordAudit, type AuditActor } from "@cop-pilot/tmf-server";

// Deleting a catalogue entry that something still depends on would leave an
// offering that cannot be ordered, or an open order whose offering is gone.
// Both deletions lock the row first, so a concurrent write that references
// it either commits before the check and is seen, or waits and then fails.

const { productOffering, productOrder, productSpecification } = bmpSchema;

/** At most this many dependants are named in a conflict message. */
const namedDependants = 5;

function describeDependants(labels: string[], total: number): string {
  const more = total - labels.length;
  return `${labels.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

/**
 * Deletes a product specification, or throws a 409 naming the offerings
 * that sell it. The foreign key from `product_offering` also rejects an
 * offering written at the same time.
 */
export async function deleteProductSpecification(db: Db, id: string, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ id: productSpecification.id }).from(productSpecification).where(eq(productSpecification.id, id)).for("update");
    if (!row) throw notFound("ProductSpecification", id);

    const offerings = await tx
      .select({ id: productOffering.id, name: productOffering.name })
      .from(productOffering)
      .where(eq(productOffering.productSpecificationId, id))
      .orderBy(asc(productOffering.name));
    if (offerings.length > 0) {
      const labels = offerings.slice(0, namedDependants).map((offering) => `"${offering.name}" (${offering.id})`);
      throw new TmfError(
        "conflict",
        `ProductSpecification ${id} is sold by ProductOffering ${describeDependants(labels, offerings.length)}; delete those offerings or point them at another specification first`,
      );
    }
    await deleteDocument(tx, productSpecification, "ProductSpecification", id);
    await recordAudit(tx, actor, { action: "delete", resourceType: "ProductSpecification", resourceId: id, summary: `Deleted product specification ${id}` });
  });
}

/**
 * Deletes a product offering, or throws a 409 naming its product orders
 * that are not final yet. Placing an order locks the offering with FOR
 * SHARE, so an order placed at the same time is either seen here or
 * rejected because the offering no longer exists.
 */
export async function deleteProductOffering(db: Db, id: string, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ id: productOffering.id }).from(productOffering).where(eq(productOffering.id, id)).for("update");
    if (!row) throw notFound("ProductOffering", id);

    const orders = await tx
      .select({ id: productOrder.id, state: productOrder.state })
      .from(productOrder)
      .where(
        and(
          notInArray(productOrder.state, [...finalProductOrderStates]),
          sql`${productOrder.document}->'productOrderItem' @> ${JSON.stringify([{ productOffering: { id } }])}::jsonb`,
        ),
      )
      .orderBy(asc(productOrder.lastUpdate));
    if (orders.length > 0) {
      const labels = orders.slice(0, namedDependants).map((order) => `${order.id} (${order.state})`);
      throw new TmfError(
        "conflict",
        `ProductOffering ${id} has open product orders: ${describeDependants(labels, orders.length)}; retire the offering to stop new orders, and delete it once these orders are final`,
      );
    }
    await deleteDocument(tx, productOffering, "ProductOffering", id);
    await recordAudit(tx, actor, { action: "delete", resourceType: "ProductOffering", resourceId: id, summary: `Deleted product offering ${id}` });
  });
}
