import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { tmfResourceColumns, type TmfDocument } from "./columns";
import { productOrder } from "./product";

// BMP: TMF637 Product Inventory (the products customers own) and TMF663
// Shopping Cart (one cart per customer, kept between sessions).

export const product = pgTable(
  "product",
  {
    ...tmfResourceColumns<TmfDocument>(),
    name: text().notNull(),
    /** TMF637 ProductStatusType, e.g. "active" or "cancelled". */
    status: text().notNull(),
    /** Owner of the product: the user or API client that ordered it. */
    customerId: text(),
    productOfferingId: text(),
    /** The product order whose item created the product. */
    productOrderId: text()
      .notNull()
      .references(() => productOrder.id, { onDelete: "cascade" }),
    productOrderItemId: text().notNull(),
  },
  (table) => [index().on(table.customerId), index().on(table.status), uniqueIndex().on(table.productOrderId, table.productOrderItemId)],
);

export const shoppingCart = pgTable(
  "shopping_cart",
  {
    ...tmfResourceColumns<TmfDocument>(),
    /** Owner of the cart; each customer has at most one. */
    customerId: text().notNull(),
  },
  (table) => [uniqueIndex().on(table.customerId)],
);
