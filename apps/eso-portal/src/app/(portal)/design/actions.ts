"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { DesignActionState } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { changeStatusAtPeer, designAtPeer, designerRoles, newVersionAtPeer } from "@/server/design/peer-design";
import { userPrincipal } from "@/server/principal";
import { requireUser } from "@/server/session";
import { userMessage } from "@/server/validation";

function parseDraft(form: FormData): unknown {
  const text = form.get("draft");
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Saves a new design in the DO's catalogue, then returns to the DO's design page. */
export async function saveDesignAtPeer(peerId: string, _state: DesignActionState, form: FormData): Promise<DesignActionState> {
  const user = await requireUser(designerRoles, `/design/${peerId}`);
  const draft = parseDraft(form);
  if (draft === undefined) return { error: "The design could not be read; reload the page and try again" };
  try {
    await designAtPeer(db(), { principal: userPrincipal(user), peerId, draft });
  } catch (error) {
    return { error: userMessage(error) };
  }
  revalidatePath(`/design/${peerId}`);
  redirect(`/design/${peerId}`);
}

/** Moves one of the DO's specifications to the chosen lifecycle status. */
export async function changeStatusAtPeerAction(peerId: string, _state: DesignActionState, form: FormData): Promise<DesignActionState> {
  const user = await requireUser(designerRoles, `/design/${peerId}`);
  try {
    await changeStatusAtPeer(db(), { principal: userPrincipal(user), peerId, change: { specificationId: form.get("id"), lifecycleStatus: form.get("lifecycleStatus") } });
  } catch (error) {
    return { error: userMessage(error) };
  }
  revalidatePath(`/design/${peerId}`);
  return {};
}

/** Saves the next version of one of the DO's specifications. */
export async function newVersionAtPeerAction(peerId: string, _state: DesignActionState, form: FormData): Promise<DesignActionState> {
  const user = await requireUser(designerRoles, `/design/${peerId}`);
  try {
    await newVersionAtPeer(db(), { principal: userPrincipal(user), peerId, specificationId: form.get("id") });
  } catch (error) {
    return { error: userMessage(error) };
  }
  revalidatePath(`/design/${peerId}`);
  return {};
}
