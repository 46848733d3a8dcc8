"use server";

import { revalidatePath } from "next/cache";
import { TmfError } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { env } from "@/env";
import { cluster } from "@/server/cluster";
import { db } from "@/server/db";
import { currentDomain } from "@/server/domain";
import { cancelServiceOrder } from "@/server/ordering/cancel";
import { requireUser } from "@/server/session";

const cancelInput = z.object({
  orderId: z.string().trim().min(1, "The order id is missing"),
  reason: z.string().trim().max(500, "Keep the reason under 500 characters").optional(),
});

export type CancelOrderState = { error?: string; done?: boolean };

/** Cancels an order from its page, as POST cancelServiceOrder does for API clients. */
export async function cancelOrder(_state: CancelOrderState, form: FormData): Promise<CancelOrderState> {
  const user = await requireUser(["domainOwner"]);
  const input = cancelInput.safeParse({ orderId: form.get("orderId"), reason: form.get("reason") || undefined });
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Invalid input" };

  try {
    await cancelServiceOrder(db(), {
      body: { serviceOrder: { id: input.data.orderId }, cancellationReason: input.data.reason },
      principal: { kind: "user", id: user.id, name: user.email, email: user.email, role: user.role },
      baseUrl: env().PUBLIC_URL,
      domain: currentDomain(),
      cluster: cluster(),
    });
  } catch (error) {
    if (error instanceof TmfError) return { error: error.message };
    throw error;
  }
  revalidatePath(`/orders/${input.data.orderId}`);
  return { done: true };
}
