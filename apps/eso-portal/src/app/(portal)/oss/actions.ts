"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { env } from "@/env";
import { db } from "@/server/db";
import { checkPeer } from "@/server/peering/availability";
import { addPeer, removePeer } from "@/server/peering/peers";
import { parseAddPeerForm, type AddPeerFieldErrors } from "@/server/peering/peer-form";
import { importInput } from "@/server/peering/schemas";
import { importSpecifications } from "@/server/peering/specifications";
import { userPrincipal } from "@/server/principal";
import { requireUser } from "@/server/session";
import { parseInput, userMessage } from "@/server/validation";

export type AddPeerFormState = {
  error?: string;
  /** Validation messages by form field, each starting with the field's label. */
  fieldErrors?: AddPeerFieldErrors;
  values?: Record<string, string>;
};
export type ImportFormState = { error?: string; success?: string };

function text(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** "Add OSS": peers with a DO, then opens its page to choose the specifications to import. */
export async function addPeerAction(_state: AddPeerFormState, form: FormData): Promise<AddPeerFormState> {
  const user = await requireUser(["platformAdmin"]);
  const secrets = new Set(["apiToken", "password", "clientSecret"]);
  const values = Object.fromEntries([...form.entries()].filter(([key, value]) => !secrets.has(key) && typeof value === "string")) as Record<string, string>;
  const parsed = parseAddPeerForm(form);
  if (!parsed.success) {
    const messages = [...Object.values(parsed.fieldErrors), ...parsed.otherErrors];
    return { error: `Correct ${messages.length === 1 ? "this field" : "these fields"}: ${messages.join("; ")}.`, fieldErrors: parsed.fieldErrors, values };
  }
  let peerId: string;
  try {
    peerId = (await addPeer(db(), parsed.input, { baseUrl: env().PUBLIC_URL, actor: userPrincipal(user) })).id;
  } catch (error) {
    return { error: userMessage(error), values };
  }
  revalidatePath("/oss");
  redirect(`/oss/${peerId}`);
}

function choice(form: FormData, prefix: "catalog" | "category") {
  const id = text(form, `${prefix}Id`);
  if (id) return { id };
  return { name: text(form, `${prefix}Name`), description: text(form, `${prefix}Description`) };
}

/** Imports the checked specifications of a DO into the chosen catalogue and category. */
export async function importAction(_state: ImportFormState, form: FormData): Promise<ImportFormState> {
  await requireUser(["platformAdmin"]);
  try {
    const peerId = parseInput(z.string().min(1), form.get("peerId"));
    const input = parseInput(importInput, {
      specificationIds: form.getAll("specificationId").filter((value): value is string => typeof value === "string"),
      catalog: choice(form, "catalog"),
      category: choice(form, "category"),
    });
    const result = await importSpecifications(db(), peerId, input, { baseUrl: env().PUBLIC_URL });
    revalidatePath(`/oss/${peerId}`);
    revalidatePath("/marketplace");
    const created = result.specifications.filter((entry) => entry.created).length;
    return {
      success: `Imported ${result.specifications.length} specification(s) into ${result.catalog.name} › ${result.category.name}: ${created} new, ${result.specifications.length - created} already in the marketplace.`,
    };
  } catch (error) {
    return { error: userMessage(error) };
  }
}

const peerIdInput = z.object({ peerId: z.string().min(1), returnTo: z.enum(["/oss", "/oss/peer"]).default("/oss") });

/** Runs the availability check of one peer now. */
export async function checkPeerAction(form: FormData): Promise<void> {
  await requireUser(["platformAdmin"]);
  const { peerId, returnTo } = parseInput(peerIdInput, Object.fromEntries(form));
  await checkPeer(db(), peerId);
  revalidatePath("/oss");
  redirect(returnTo === "/oss" ? "/oss" : `/oss/${peerId}`);
}

export type RemovePeerState = { error?: string };

/** Removes a peer; its specifications leave the marketplace. */
export async function removePeerAction(_state: RemovePeerState, form: FormData): Promise<RemovePeerState> {
  const user = await requireUser(["platformAdmin"]);
  try {
    const { peerId } = parseInput(peerIdInput, Object.fromEntries(form));
    await removePeer(db(), peerId, userPrincipal(user));
  } catch (error) {
    return { error: userMessage(error) };
  }
  revalidatePath("/oss");
  revalidatePath("/marketplace");
  redirect("/oss");
}
