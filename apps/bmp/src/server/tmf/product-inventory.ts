import "server-only";
import { and, eq } from "drizzle-orm";
import { listDocuments, listResponse, notFound, okResponse, parseListQuery, selectFields, type TmfDocument } from "@cop-pilot/tmf-server";
import { orderReaders } from "../access";
import { route } from "../auth";
import { db, schema } from "../db";
import { visibleProducts } from "../inventory/products";

// TMF637 Product Inventory, read only: the order processor creates the
// products. Customers see their own products; business admins and API
// clients see all.

export const productHandlers = {
  collection: {
    GET: route(orderReaders, async ({ url, principal }) => {
      const { items, total } = await listDocuments(db(), schema.product, parseListQuery(url.searchParams), { where: visibleProducts(principal) });
      return listResponse(items, total);
    }),
  },
  item: {
    GET: route<{ id: string }>(orderReaders, async ({ params, principal, url }) => {
      // Another customer's product is reported as missing.
      const [row] = await db()
        .select({ document: schema.product.document })
        .from(schema.product)
        .where(and(eq(schema.product.id, params.id), visibleProducts(principal)))
        .limit(1);
      if (!row) throw notFound("Product", params.id);
      return okResponse(selectFields(row.document as TmfDocument, url.searchParams.get("fields")?.split(",").filter(Boolean)));
    }),
  },
};
