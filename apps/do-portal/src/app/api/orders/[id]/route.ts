import { notFound, okResponse } from "@cop-pilot/tmf-server";
import { route } from "@/server/auth";
import { db } from "@/server/db";
import { toOrderProgressView } from "@/server/portal/order-view";
import { findOrderWithHistory } from "@/server/portal/orders";
import { portalRoles } from "@/server/tmf/access";

export const dynamic = "force-dynamic";

// GET /api/orders/{id} – state, item states and history of an order, for the portal's live order page (session only)
export const GET = route<{ id: string }>({ roles: portalRoles, apiClients: false }, async ({ params }) => {
  const found = await findOrderWithHistory(db(), params.id);
  if (!found) throw notFound("ServiceOrder", params.id);
  return okResponse(toOrderProgressView(found.order, found.history));
});
