"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { env } from "@/env";
import { db } from "@/server/db";
import { checkPeer } from "@/server/peering/availability";
import { addPeer, removePeer } from "@/server/peering/peers";
import { addPeerInput, importInput } from "@/server/peering/schemas";
import { importSpecifications } from "@/server/peering/specifications";
import { requireUser } from "@/server/session";
import { parseInput, userMessage } from "@/server/validation";

export type AddPeerFormState = { error?: string; values?: Record<string, string> };
export type ImportFormState = { error?: string; success?: string };

function text(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Reads a coordinate; text that is not a number stays text, so the schema reports it by name. */
function coordinate(form: FormData, name: string): unknown {
  const value = text(form, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  return Number.isNaN(number) ? value : number;
}

/** "Add OSS": peers with a DO, then opens its page to choose the specifications to import. */
export async function addPeerAction(_state: AddPeerFormState, form: FormData): Promise<AddPeerFormState> {
  await requireUser(["platformAdmin"]);
  const existingOrganization = text(form, "organizationId");
  const values = Object.fromEntries([...form.entries()].filter(([key, value]) => key !== "apiToken" && typeof value === "string")) as Record<string, string>;
  let peerId: string;
  try {
    const input = parseInput(addPeerInput, {
      name: text(form, "name"),
      endpoint: text(form, "endpoint"),
      apiToken: text(form, "apiToken"),
      location: { name: text(form, "locationName"), latitude: coordinate(form, "latitude"), longitude: coordinate(form, "longitude") },
      organization: existingOrganization ? { id: existingOrganization } : { name: text(form, "organizationName"), organizationType: text(form, "organizationType") },
    });
    peerId = (await addPeer(db(), input, { baseUrl: env().PUBLIC_URL })).id;
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
  await requireUser(["platformAdmin"]);
  try {
    const { peerId } = parseInput(peerIdInput, Object.fromEntries(form));
    await removePeer(db(), peerId);
  } catch (error) {
    return { error: userMessage(error) };
  }
  revalidatePath("/oss");
  revalidatePath("/marketplace");
  redirect("/oss");
}
