import { eq } from "drizzle-orm";
import { z } from "zod";
import { bmpSchema } from "@cop-pilot/db";
import { productOrderItemCreate } from "@cop-pilot/tmf-schemas";
import { TmfError, insertDocument, invalidBody, newId, recordAudit, replaceDocument, type Db, type Principal, type TmfDocument } from "@cop-pilot/tmf-server";
import { assertAllowed, customerIdOf, orderPlacers } from "../access";
import type { ProductOrderDocument } from "../ordering/documents";
import { placeProductOrder } from "../ordering/place-order";
import { OrderValidationError, validateOrderDraft } from "../ordering/validation";

// The customer's cart, stored as a TMF663 ShoppingCart: one per customer,
// kept between sessions, whose items are product order items waiting to be
// ordered together in one product order.

const { shoppingCart } = bmpSchema;

/** A cart item: a TMF622 order item draft, with the offering's name for the cart page. */
export type CartItem = z.infer<typeof productOrderItemCreate> & { productOffering: { id: string; name?: string } };

export type ShoppingCartDocument = TmfDocument & { cartItem: CartItem[] };

/** Items a cart may contain at most, so that one order stays reviewable. */
export const maxCartItems = 10;

async function loadCartRow(db: Db, customerId: string, lock: boolean) {
  const query = db.select({ document: shoppingCart.document }).from(shoppingCart).where(eq(shoppingCart.customerId, customerId));
  const [row] = lock ? await query.for("update") : await query;
  return row?.document as ShoppingCartDocument | undefined;
}

/** Returns the caller's cart; an empty one when they have none yet. */
export async function getCart(db: Db, principal: Principal): Promise<ShoppingCartDocument> {
  const stored = await loadCartRow(db, customerIdOf(principal), false);
  return stored ?? { id: "", href: "", "@type": "ShoppingCart", cartItem: [] };
}

async function saveCart(tx: Db, principal: Principal, baseUrl: string, current: ShoppingCartDocument | undefined, items: CartItem[]): Promise<ShoppingCartDocument> {
  if (current) return (await replaceDocument(tx, shoppingCart, "ShoppingCart", { ...current, cartItem: items }, {})) as ShoppingCartDocument;
  const id = newId();
  const document: ShoppingCartDocument = { id, href: `${baseUrl}/cart`, "@type": "ShoppingCart", cartItem: items };
  return (await insertDocument(tx, shoppingCart, document, { customerId: customerIdOf(principal) })) as ShoppingCartDocument;
}

/**
 * Checks an order item draft with the order checks and adds it to the
 * caller's cart. Throws the OrderValidationError of the checks, so the form
 * shows each problem on its field, or a 409 when the cart is full.
 */
export async function addToCart(db: Db, principal: Principal, rawItem: unknown, baseUrl: string): Promise<ShoppingCartDocument> {
  assertAllowed(principal, orderPlacers, "keep a cart");
  const parsed = productOrderItemCreate.safeParse(rawItem);
  if (!parsed.success) throw invalidBody(parsed.error);
  const checked = await validateOrderDraft(db, principal, { productOrderItem: [{ ...parsed.data, id: "1" }] });
  // The open-order policy applies when the cart is ordered, not while it is filled.
  const problems = checked.problems.filter((problem) => problem.rule !== "policy");
  if (problems.length > 0) throw new OrderValidationError(problems);

  return db.transaction(async (tx) => {
    const current = await loadCartRow(tx, customerIdOf(principal), true);
    const items = current?.cartItem ?? [];
    if (items.length >= maxCartItems) throw new TmfError("conflict", `The cart already contains ${maxCartItems} items, the maximum; order or remove some first`);
    const item: CartItem = { ...parsed.data, id: newId(), productOffering: { id: checked.items[0]!.productOffering.id, name: checked.items[0]!.productOffering.name } };
    const saved = await saveCart(tx, principal, baseUrl, current, [...items, item]);
    await recordAudit(tx, principal, {
      action: "update",
      resourceType: "ShoppingCart",
      resourceId: saved.id,
      summary: `Added "${item.productOffering.name ?? item.productOffering.id}" to the cart`,
      detail: { cartItemId: item.id, productOfferingId: item.productOffering.id },
    });
    return saved;
  });
}

/** Removes one item from the caller's cart; an unknown item id changes nothing. */
export async function removeFromCart(db: Db, principal: Principal, itemId: string, baseUrl: string): Promise<ShoppingCartDocument> {
  assertAllowed(principal, orderPlacers, "keep a cart");
  return db.transaction(async (tx) => {
    const current = await loadCartRow(tx, customerIdOf(principal), true);
    const removed = current?.cartItem.find((item) => item.id === itemId);
    const saved = await saveCart(tx, principal, baseUrl, current, (current?.cartItem ?? []).filter((item) => item.id !== itemId));
    if (removed) {
      await recordAudit(tx, principal, {
        action: "update",
        resourceType: "ShoppingCart",
        resourceId: saved.id,
        summary: `Removed "${removed.productOffering.name ?? removed.productOffering.id}" from the cart`,
        detail: { cartItemId: itemId, productOfferingId: removed.productOffering.id },
      });
    }
    return saved;
  });
}

/**
 * Orders everything in the caller's cart as one product order and empties
 * the cart. When a check fails, nothing is ordered, the cart stays as it is,
 * and the OrderValidationError names the cart items by their position (1, 2, …).
 */
export async function orderCart(db: Db, principal: Principal, options: { baseUrl: string; idempotencyKey?: string }): Promise<ProductOrderDocument> {
  assertAllowed(principal, orderPlacers, "place product orders");
  const cart = await getCart(db, principal);
  if (cart.cartItem.length === 0) throw new TmfError("unprocessable", "The cart is empty; add products from the marketplace first");

  const productOrderItem = cart.cartItem.map((item, index) => ({ ...item, id: String(index + 1) }));
  const { order } = await placeProductOrder(db, principal, { productOrderItem }, { baseUrl: options.baseUrl, idempotencyKey: options.idempotencyKey });
  // NOTE: the order and the emptied cart are two transactions, so a failure in between leaves the ordered items in the cart.
  await db.transaction(async (tx) => {
    const current = await loadCartRow(tx, customerIdOf(principal), true);
    const ordered = new Set(cart.cartItem.map((item) => item.id));
    if (current) await saveCart(tx, principal, options.baseUrl, current, current.cartItem.filter((item) => !ordered.has(item.id)));
  });
  return order;
}
