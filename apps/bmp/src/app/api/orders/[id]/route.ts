import { okResponse } from "@cop-pilot/tmf-server";
import { orderReaders } from "@/server/access";
import { route } from "@/server/auth";
import { db } from "@/server/db";
import { getOrderProgress } from "@/server/ordering/queries";

export const dynamic = "force-dynamic";

// GET /api/orders/{id} – an order with its state history and retry state, for the order page's live view
export const GET = route<{ id: string }>(orderReaders, async ({ params, principal }) => okResponse(await getOrderProgress(db(), principal, params.id)));
