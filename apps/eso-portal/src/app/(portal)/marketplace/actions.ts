"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { characteristicSpecification, serviceOrderCreate } from "@cop-pilot/tmf-schemas";
import { env } from "@/env";
import { db } from "@/server/db";
import { loadMarketplaceSpecification } from "@/server/marketplace";
import { placeServiceOrder } from "@/server/ordering/place-order";
import { userPrincipal } from "@/server/principal";
import { requireUser } from "@/server/session";
import { parseInput, userMessage } from "@/server/validation";

export type OrderFormState = { error?: string };

const specificationId = z.string().trim().min(1);

/** Reads a form value as the characteristic's value type; a value that does not parse is passed on for the order checks to reject. */
function readValue(raw: string, valueType: string | undefined): unknown {
  const type = (valueType ?? "").toLowerCase();
  if ((type === "integer" || type === "number") && raw.trim() !== "" && !Number.isNaN(Number(raw))) return Number(raw);
  if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

/** Places a one-item order for a marketplace specification from the portal. */
export async function placeOrderAction(_state: OrderFormState, form: FormData): Promise<OrderFormState> {
  const user = await requireUser(["platformAdmin", "serviceDesigner", "customer", "domainOwner"]);
  let orderId: string;
  try {
    const id = parseInput(specificationId, form.get("specificationId"));
    const specification = await loadMarketplaceSpecification(db(), id);
    const characteristics = z.array(characteristicSpecification).parse(specification.characteristics);
    const serviceCharacteristic = characteristics
      .filter((characteristic) => form.has(`characteristic.${characteristic.name}`))
      .map((characteristic) => ({
        name: characteristic.name,
        value: readValue(String(form.get(`characteristic.${characteristic.name}`)), characteristic.valueType),
      }));
    const input = parseInput(serviceOrderCreate, {
      description: `Ordered in the ESO portal by ${user.name}`,
      serviceOrderItem: [{ id: "1", action: "add", service: { name: specification.name, serviceSpecification: { id }, serviceCharacteristic } }],
    });
    const { order } = await placeServiceOrder(db(), input, { principal: userPrincipal(user), baseUrl: env().PUBLIC_URL });
    orderId = order.id;
  } catch (error) {
    return { error: userMessage(error) };
  }
  redirect(`/orders/${orderId}`);
}
