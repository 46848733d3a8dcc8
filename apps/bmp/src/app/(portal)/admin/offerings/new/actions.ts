"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { createOfferingOverService, newOfferingInput } from "@/server/catalog/offerings";
import { db } from "@/server/db";
import { esoClient } from "@/server/eso";
import { principalOf, requireUser } from "@/server/session";
import { commercialFieldNames, commercialTermsOf, listOf } from "../form-values";

export type NewOfferingState = {
  /** Counts failed submissions; the form re-mounts with the submitted values on each. */
  attempt: number;
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** The characteristics ticked as customer-settable in the failed submission. */
  customerCharacteristics?: string[];
};

const fieldNames = [
  "serviceSpecificationId",
  "name",
  "description",
  "categoryName",
  ...commercialFieldNames,
  "eligibleOrganizationIds",
] as const;

/** Creates the product specification and the offering (In design) over the chosen ESO service. */
export async function createOffering(state: NewOfferingState, form: FormData): Promise<NewOfferingState> {
  const user = await requireUser(["businessAdmin"], "/admin/offerings/new");
  const values = Object.fromEntries(fieldNames.map((name) => [name, String(form.get(name) ?? "")])) as Record<(typeof fieldNames)[number], string>;
  // The checkboxes are on the form only once a service is chosen; without them the defaults apply.
  const customerCharacteristics = form.get("customerCharacteristicsListed") === "1" ? form.getAll("customerCharacteristic").map(String) : undefined;
  const failed = (result: Omit<NewOfferingState, "attempt" | "values" | "customerCharacteristics">): NewOfferingState => ({
    attempt: state.attempt + 1,
    values,
    customerCharacteristics,
    ...result,
  });
  const additionalServiceSpecificationIds = form.getAll("additionalServiceSpecificationId").map(String).filter(Boolean);
  const parsed = newOfferingInput.safeParse({
    serviceSpecificationId: values.serviceSpecificationId,
    additionalServiceSpecificationIds: additionalServiceSpecificationIds.length > 0 ? additionalServiceSpecificationIds : undefined,
    name: values.name,
    description: values.description.trim() || undefined,
    categoryName: values.categoryName.trim() || undefined,
    ...commercialTermsOf(values),
    eligibleOrganizationIds: listOf(values.eligibleOrganizationIds, /[,\s]+/),
    customerCharacteristics,
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return failed({ fieldErrors, formError: "Correct the marked fields." });
  }

  let offeringName: string;
  try {
    const created = await createOfferingOverService(db(), esoClient(), principalOf(user), parsed.data, env().PUBLIC_URL);
    offeringName = String(created.productOffering.name);
  } catch (error) {
    if (error instanceof TmfError) return failed({ formError: error.message });
    throw error;
  }
  revalidatePath("/admin/offerings");
  redirect(`/admin/offerings?notice=${encodeURIComponent(`${offeringName} is created in design. Publish it to show it in the marketplace.`)}`);
}
