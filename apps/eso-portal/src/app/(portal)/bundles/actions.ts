"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { env } from "@/env";
import { bundleDesignInput, composeBundle } from "@/server/bundles/design";
import { db } from "@/server/db";
import { userPrincipal } from "@/server/principal";
import { requireUser } from "@/server/session";
import { parseInput, userMessage } from "@/server/validation";

/**
 * State of the bundle form. After a failure it contains the submitted
 * values, because React resets a form once its action ends.
 */
export type BundleFormState = {
  error?: string;
  values?: { name: string; description: string; version: string; lifecycleStatus: string };
  /** Number of failed submissions, a key that makes the fields take `values` again. */
  attempt?: number;
};

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function strings(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === "string");
}

/** Stores a bundle composed in the portal, then opens its page. */
export async function composeBundleAction(state: BundleFormState, form: FormData): Promise<BundleFormState> {
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
    const values = {
      name: text(form, "name"),
      description: text(form, "description"),
      version: text(form, "version"),
      lifecycleStatus: text(form, "lifecycleStatus"),
    };
    return { error: userMessage(error), values, attempt: (state.attempt ?? 0) + 1 };
  }
  revalidatePath("/bundles");
  revalidatePath("/marketplace");
  redirect(`/bundles/${id}`);
}
