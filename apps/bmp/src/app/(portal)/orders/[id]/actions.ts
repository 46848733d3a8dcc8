"use server";

import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db } from "@/server/db";
import { requestCancellation } from "@/server/ordering/cancel-order";
import { principalOf, requireUser } from "@/server/session";

export type CancelState = { error?: string; requested?: boolean };

/** Asks to cancel the order; the order processor then cancels it at the ESO. */
export async function cancelOrder(_state: CancelState, form: FormData): Promise<CancelState> {
  const orderId = String(form.get("orderId") ?? "");
  const user = await requireUser(["customer"], `/orders/${orderId}`);
  const reason = String(form.get("cancellationReason") ?? "").trim();
  try {
    await requestCancellation(db(), principalOf(user), { productOrder: { id: orderId }, ...(reason ? { cancellationReason: reason } : {}) }, { baseUrl: env().PUBLIC_URL });
  } catch (error) {
    if (error instanceof TmfError) return { error: error.message };
    throw error;
  }
  return { requested: true };
}
