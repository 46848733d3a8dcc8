"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import type { CharacteristicField } from "@/server/catalog/characteristics";
import { loadOffering } from "@/server/catalog/marketplace";
import { orderFormFields, type OfferingCharacteristicField } from "@/server/catalog/value-use";
import { db } from "@/server/db";
import { addToCart } from "@/server/marketplace/cart";
import { placeProductOrder } from "@/server/ordering/place-order";
import { OrderValidationError, type OrderProblem } from "@/server/ordering/validation";
import { principalOf, requireUser } from "@/server/session";
import { characteristicInputName } from "./characteristic-field";

export type OrderFormState = {
  /** Counts failed submissions; the form re-mounts with the submitted values on each. */
  attempt: number;
  formError?: string;
  /** Problems by form field name, as `characteristicInputName` builds it. */
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  notice?: string;
};

type Characteristic = { name: string; value: string | number | boolean };

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

/** Reads the characteristics of one group of fields; an empty field takes the characteristic's default. */
function readCharacteristics(form: FormData, fields: readonly OfferingCharacteristicField[], values: Record<string, string>, offeringId?: string): Characteristic[] {
  const characteristics: Characteristic[] = [];
  for (const field of orderFormFields(fields)) {
    const key = characteristicInputName(field.name, offeringId);
    const raw = form.get(key);
    if (typeof raw !== "string") continue;
    values[key] = raw;
    if (raw.trim() === "") continue;
    characteristics.push({ name: field.name, value: toCharacteristicValue(field, raw) });
  }
  return characteristics;
}

/** Splits the problems of a failed check into messages beside their fields and messages for the whole form. */
function problemsToState(problems: OrderProblem[]): Pick<OrderFormState, "fieldErrors" | "formError"> {
  const onFields = problems.filter((problem) => problem.characteristic !== undefined);
  const onOrder = problems.filter((problem) => problem.characteristic === undefined);
  const fieldErrors = Object.fromEntries(onFields.map((problem) => [characteristicInputName(problem.characteristic!, problem.bundledOfferingId), sentence(problem.message)]));
  const formError = onOrder.length > 0 ? onOrder.map((problem) => sentence(problem.message)).join(" ") : "Some values are not accepted. Correct the marked fields and try again.";
  return { fieldErrors, formError };
}

/** Places a one-item product order for the offering with the characteristics of the form, or adds that item to the cart. */
export async function orderOffering(state: OrderFormState, form: FormData): Promise<OrderFormState> {
  const offeringId = String(form.get("offeringId") ?? "");
  const intent = form.get("intent") === "cart" ? "cart" : "order";
  const user = await requireUser(["customer"], `/marketplace/${offeringId}`);
  const loaded = await loadOffering(db(), offeringId);
  if (!loaded) return { attempt: state.attempt + 1, formError: "This offering no longer exists. Go back to the marketplace to choose another one." };

  const values: Record<string, string> = {};
  const item = loaded.offering.isBundle
    ? {
        id: "1",
        action: "add" as const,
        productOffering: { id: offeringId },
        productOrderItem: loaded.components.map((component) => ({
          id: component.id,
          action: "add",
          productOffering: { id: component.id },
          product: { productCharacteristic: readCharacteristics(form, component.fields, values, component.id) },
        })),
      }
    : { id: "1", action: "add" as const, productOffering: { id: offeringId }, product: { productCharacteristic: readCharacteristics(form, loaded.fields, values) } };

  try {
    if (intent === "cart") {
      await addToCart(db(), principalOf(user), item, env().PUBLIC_URL);
      revalidatePath("/cart");
      return { attempt: state.attempt + 1, values, notice: `${loaded.offering.name} is in your cart.` };
    }
    const idempotencyKey = String(form.get("idempotencyKey") ?? "") || undefined;
    const { order } = await placeProductOrder(db(), principalOf(user), { productOrderItem: [item] }, { idempotencyKey, baseUrl: env().PUBLIC_URL });
    redirect(`/orders/${order.id}`);
  } catch (error) {
    if (error instanceof OrderValidationError) return { attempt: state.attempt + 1, values, ...problemsToState(error.problems) };
    if (error instanceof TmfError) return { attempt: state.attempt + 1, values, formError: error.message };
    throw error;
  }
}
