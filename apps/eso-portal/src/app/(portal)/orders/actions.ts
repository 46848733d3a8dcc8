"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { env } from "@/env";
import { db } from "@/server/db";
import { requestCancellation } from "@/server/ordering/cancel";
import { userPrincipal } from "@/server/principal";
import { requireUser } from "@/server/session";
import { parseInput, userMessage } from "@/server/validation";

export type CancelOrderState = { error?: string; success?: string };

const cancelInput = z.object({ serviceOrderId: z.string().min(1), cancellationReason: z.string().trim().max(500).optional() });

/** Requests the cancellation of an order; the order processor forwards it to the DOs. */
export async function cancelOrderAction(_state: CancelOrderState, form: FormData): Promise<CancelOrderState> {
  const user = await requireUser(["platformAdmin", "serviceDesigner", "customer", "domainOwner"]);
  try {
    const input = parseInput(cancelInput, Object.fromEntries(form));
    await requestCancellation(
      db(),
      { serviceOrder: { id: input.serviceOrderId }, ...(input.cancellationReason ? { cancellationReason: input.cancellationReason } : {}) },
      { principal: userPrincipal(user), baseUrl: env().PUBLIC_URL },
    );
    revalidatePath(`/orders/${input.serviceOrderId}`);
    return { success: "Cancellation requested; the domains are being asked to cancel their parts." };
  } catch (error) {
    return { error: userMessage(error) };
  }
}
