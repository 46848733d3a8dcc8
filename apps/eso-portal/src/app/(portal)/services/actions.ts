"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { env } from "@/env";
import { db } from "@/server/db";
import { userPrincipal } from "@/server/principal";
import { requestServiceChange, requestServiceTermination, type ServiceChangeResult } from "@/server/services/changes";
import { requireUser } from "@/server/session";

/** State of the change and terminate forms: the order placed, or why nothing was sent. */
export type ServiceFormState = { serviceOrderId?: string; error?: string; fieldErrors?: Record<string, string> };

const serviceUsers = ["platformAdmin", "serviceDesigner", "customer", "domainOwner"] as const;
const serviceId = z.string().trim().min(1).max(200);
const characteristicPrefix = "characteristic.";

function toFormState(result: ServiceChangeResult): ServiceFormState {
  return "serviceOrderId" in result ? { serviceOrderId: result.serviceOrderId } : { error: result.error, fieldErrors: result.fieldErrors };
}

/** Sends the changed characteristics of one service to its DO as a modify order. */
export async function changeServiceAction(_state: ServiceFormState, form: FormData): Promise<ServiceFormState> {
  const user = await requireUser(serviceUsers);
  const id = serviceId.safeParse(form.get("serviceId"));
  if (!id.success) return { error: "The form names no service; reload the page" };
  const submitted: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith(characteristicPrefix) && typeof value === "string") submitted[key.slice(characteristicPrefix.length)] = value;
  }
  const result = await requestServiceChange(db(), userPrincipal(user), env().PUBLIC_URL, id.data, submitted);
  revalidatePath(`/services/${id.data}`);
  return toFormState(result);
}

/** Sends a delete order for one service to its DO. */
export async function terminateServiceAction(_state: ServiceFormState, form: FormData): Promise<ServiceFormState> {
  const user = await requireUser(serviceUsers);
  const id = serviceId.safeParse(form.get("serviceId"));
  if (!id.success) return { error: "The form names no service; reload the page" };
  const result = await requestServiceTermination(db(), userPrincipal(user), env().PUBLIC_URL, id.data);
  revalidatePath(`/services/${id.data}`);
  return toFormState(result);
}
