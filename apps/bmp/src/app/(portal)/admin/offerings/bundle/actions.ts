"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { createBundleOffering, newBundleInput } from "@/server/catalog/bundles";
import { db } from "@/server/db";
import { principalOf, requireUser } from "@/server/session";
import { commercialFieldNames, commercialTermsOf } from "../form-values";

export type NewBundleState = {
  /** Counts failed submissions; the form re-mounts with the submitted values on each. */
  attempt: number;
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  bundledOfferingIds?: string[];
};

const fieldNames = ["name", "description", "categoryName", ...commercialFieldNames] as const;

/** Creates a bundle offering (In design) over the chosen offerings. */
export async function createBundle(state: NewBundleState, form: FormData): Promise<NewBundleState> {
  const user = await requireUser(["businessAdmin"], "/admin/offerings/bundle");
  const values = Object.fromEntries(fieldNames.map((name) => [name, String(form.get(name) ?? "")])) as Record<(typeof fieldNames)[number], string>;
  const bundledOfferingIds = form.getAll("bundledOfferingId").map(String);
  const failed = (result: Pick<NewBundleState, "formError" | "fieldErrors">): NewBundleState => ({ attempt: state.attempt + 1, values, bundledOfferingIds, ...result });

  const parsed = newBundleInput.safeParse({
    name: values.name,
    description: values.description.trim() || undefined,
    categoryName: values.categoryName.trim() || undefined,
    ...commercialTermsOf(values),
    bundledOfferingIds,
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return failed({ fieldErrors, formError: "Correct the marked fields." });
  }

  let name: string;
  try {
    const bundle = await createBundleOffering(db(), principalOf(user), parsed.data, env().PUBLIC_URL);
    name = String(bundle.name);
  } catch (error) {
    if (error instanceof TmfError) return failed({ formError: error.message });
    throw error;
  }
  revalidatePath("/admin/offerings");
  redirect(`/admin/offerings?notice=${encodeURIComponent(`${name} is created in design. Publish it to show it in the marketplace.`)}`);
}
