"use server";

import { redirect } from "next/navigation";
import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import type { CharacteristicField } from "@/server/catalog/characteristics";
import { loadOffering } from "@/server/catalog/marketplace";
import { orderFormFields } from "@/server/catalog/value-use";
import { db } from "@/server/db";
import { placeProductOrder } from "@/server/ordering/place-order";
import { OrderValidationError } from "@/server/ordering/validation";
import { principalOf, requireUser } from "@/server/session";

export type OrderFormState = {
  /** Counts failed submissions; the form re-mounts with the submitted values on each. */
  attempt: number;
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
};

/** Turns a form value into the characteristic's JSON type; text that does not fit is sent as it is, so the check names the field. */
function toCharacteristicValue(field: CharacteristicField, raw: string): string | number | boolean {
  if (field.valueType === "integer" || field.valueType === "number") {
    const number = Number(raw);
    return raw.trim() !== "" && Number.isFinite(number) ? number : raw;
  }
  if (field.valueType === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** Places a one-item product order for the offering with the characteristics of the form. */
export async function orderOffering(state: OrderFormState, form: FormData): Promise<OrderFormState> {
  const offeringId = String(form.get("offeringId") ?? "");
  const user = await requireUser(["customer"], `/marketplace/${offeringId}`);
  const loaded = await loadOffering(db(), offeringId);
  if (!loaded) return { attempt: state.attempt + 1, formError: "This offering no longer exists. Go back to the marketplace to choose another one." };

  const values: Record<string, string> = {};
  const productCharacteristic: { name: string; value: string | number | boolean }[] = [];
  for (const field of orderFormFields(loaded.fields)) {
    const raw = form.get(`characteristic:${field.name}`);
    if (typeof raw !== "string") continue;
    values[field.name] = raw;
    // An empty field takes the characteristic's default.
    if (raw.trim() === "") continue;
    productCharacteristic.push({ name: field.name, value: toCharacteristicValue(field, raw) });
  }

  const idempotencyKey = String(form.get("idempotencyKey") ?? "") || undefined;
  let orderId: string;
  try {
    const { order } = await placeProductOrder(
      db(),
      principalOf(user),
      { productOrderItem: [{ id: "1", action: "add", productOffering: { id: offeringId }, product: { productCharacteristic } }] },
      { idempotencyKey, baseUrl: env().PUBLIC_URL },
    );
    orderId = order.id;
  } catch (error) {
    if (error instanceof OrderValidationError) {
      const onFields = error.problems.filter((problem) => problem.characteristic !== undefined);
      const onOrder = error.problems.filter((problem) => problem.characteristic === undefined);
      const fieldErrors = Object.fromEntries(onFields.map((problem) => [problem.characteristic!, sentence(problem.message)]));
      const formError = onOrder.length > 0 ? onOrder.map((problem) => sentence(problem.message)).join(" ") : "Some values are not accepted. Correct the marked fields and order again.";
      return { attempt: state.attempt + 1, values, fieldErrors, formError };
    }
    if (error instanceof TmfError) return { attempt: state.attempt + 1, values, formError: error.message };
    throw error;
  }
  redirect(`/orders/${orderId}`);
}
