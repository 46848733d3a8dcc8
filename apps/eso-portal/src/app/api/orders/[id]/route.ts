import { okResponse } from "@cop-pilot/tmf-server";
import { route } from "@/server/auth";
import { db } from "@/server/db";
import { orderReaders } from "@/server/ordering/access";
import { loadOrderDetail } from "@/server/ordering/queries";

export const dynamic = "force-dynamic";

// GET /api/orders/{id} – an order with its delegations and history, polled by the order page while the order is open
export const GET = route<{ id: string }>(orderReaders, async ({ params, principal }) => okResponse(await loadOrderDetail(db(), params.id, principal)));
