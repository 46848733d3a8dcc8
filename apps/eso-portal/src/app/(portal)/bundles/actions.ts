"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { env } from "@/env";
import { bundleDesignInput, composeBundle } from "@/server/bundles/design";
import { db } from "@/server/db";
import { userPrincipal } from "@/server/principal";
import { requireUser } from "@/server/session";
import { parseInput, userMessage } from "@/server/validation";

export type BundleFormState = { error?: string };

function strings(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === "string");
}

/** Stores a bundle composed in the portal, then opens its page. */
export async function composeBundleAction(_state: BundleFormState, form: FormData): Promise<BundleFormState> {
  const user = await requireUser(["platformAdmin", "serviceDesigner"]);
  let id: string;
  try {
    const input = parseInput(bundleDesignInput, {
      name: form.get("name"),
      description: form.get("description") || undefined,
      version: form.get("version"),
      lifecycleStatus: form.get("lifecycleStatus"),
      partIds: strings(form, "partId"),
      characteristicNames: strings(form, "characteristicName"),
    });
    id = (await composeBundle(db(), input, env().PUBLIC_URL, userPrincipal(user))).id;
  } catch (error) {
    return { error: userMessage(error) };
  }
  revalidatePath("/bundles");
  revalidatePath("/marketplace");
  redirect(`/bundles/${id}`);
}
