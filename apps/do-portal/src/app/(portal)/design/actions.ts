"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { describeDraftProblems, draftFieldErrors, specificationDraftSchema } from "@cop-pilot/service-design";
import type { DesignActionState } from "@cop-pilot/ui";
import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db } from "@/server/db";
import { changeLifecycleStatus, createDesignedSpecification, createNextVersion, designerRoles } from "@/server/design/specifications";
import { principalOf, requireUser } from "@/server/session";

function parseDraft(form: FormData): unknown {
  const text = form.get("draft");
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Saves a new design as a TMF633 specification in design, then opens it. */
export async function saveDesign(_state: DesignActionState, form: FormData): Promise<DesignActionState> {
  const user = await requireUser(designerRoles, "/design");
  const draft = parseDraft(form);
  if (draft === undefined) return { error: "The design could not be read; reload the page and try again" };
  // Checked here as well so that each problem is shown on its field; the save checks again.
  const checked = specificationDraftSchema.safeParse(draft);
  if (!checked.success) {
    return { error: `Nothing was saved: ${describeDraftProblems(checked.error)}`, fieldErrors: draftFieldErrors(checked.error) };
  }
  let id: string;
  try {
    id = (await createDesignedSpecification(db(), { principal: principalOf(user), draft, baseUrl: env().PUBLIC_URL })).id;
  } catch (error) {
    if (error instanceof TmfError) return { error: error.message };
    throw error;
  }
  revalidatePath("/design");
  redirect(`/design/${id}`);
}

/** Moves a specification to the chosen lifecycle status. */
export async function changeStatus(_state: DesignActionState, form: FormData): Promise<DesignActionState> {
  const user = await requireUser(designerRoles, "/design");
  const id = String(form.get("id") ?? "");
  try {
    await changeLifecycleStatus(db(), { principal: principalOf(user), change: { id, lifecycleStatus: form.get("lifecycleStatus") } });
  } catch (error) {
    if (error instanceof TmfError) return { error: error.message };
    throw error;
  }
  revalidatePath(`/design/${id}`);
  revalidatePath("/design");
  return {};
}

/** Creates the next version of a specification, then opens it. */
export async function startNewVersion(_state: DesignActionState, form: FormData): Promise<DesignActionState> {
  const user = await requireUser(designerRoles, "/design");
  let id: string;
  try {
    id = (await createNextVersion(db(), { principal: principalOf(user), id: form.get("id"), baseUrl: env().PUBLIC_URL })).id;
  } catch (error) {
    if (error instanceof TmfError) return { error: error.message };
    throw error;
  }
  revalidatePath("/design");
  redirect(`/design/${id}`);
}
