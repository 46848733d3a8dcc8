"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { confirmDraftFromChat } from "@/server/assistant/confirmation";
import { createConversation } from "@/server/assistant/conversations";
import { db } from "@/server/db";
import { principalOf, requireUser } from "@/server/session";

/** Starts a conversation with the assistant and opens it. */
export async function startConversation(): Promise<void> {
  const user = await requireUser(["customer"], "/assistant");
  const conversation = await createConversation(db(), principalOf(user));
  redirect(`/assistant/${conversation.id}`);
}

export type ConfirmState = { orderId?: string; error?: string };

const confirmInput = z.object({ draftId: z.string().trim().min(1, "The summary has no draft id").max(200) });

/** Confirms a draft for the signed-in customer and places its order; the only path from the chat to an order. */
export async function confirmDraft(_state: ConfirmState, form: FormData): Promise<ConfirmState> {
  const user = await requireUser(["customer"], "/assistant");
  const parsed = confirmInput.safeParse({ draftId: form.get("draftId") });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Invalid confirmation" };
  try {
    return await confirmDraftFromChat(db(), principalOf(user), parsed.data.draftId, env().PUBLIC_URL);
  } catch (error) {
    if (error instanceof TmfError) return { error: error.message };
    throw error;
  }
}
