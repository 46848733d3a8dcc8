"use server";

import { revalidatePath } from "next/cache";
import { readDecimal } from "@cop-pilot/tmf-schemas";
import { TmfError } from "@cop-pilot/tmf-server";
import { db } from "@/server/db";
import { createSla, deleteSla } from "@/server/operations/sla";
import { principalOf, requireUser } from "@/server/session";

export type SlaFormState = { error?: string; message?: string };

function messageOf(error: unknown): string {
  if (error instanceof TmfError) return error.message;
  throw error;
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** Reads a number field; only plain decimal numbers become numbers, so that validation names any other text. */
function optionalNumber(form: FormData, name: string): number | string | undefined {
  return readDecimal(text(form, name));
}

/** Creates an SLA for a specification or a service, from a scope value "specification:<id>" or "service:<id>". */
export async function createSlaAction(_state: SlaFormState, form: FormData): Promise<SlaFormState> {
  const user = await requireUser(["domainOwner"], "/sla");
  const [scopeKind, ...rest] = text(form, "scope").split(":");
  const scopeId = rest.join(":");
  try {
    const sla = await createSla(db(), principalOf(user), {
      name: text(form, "name"),
      serviceSpecificationId: scopeKind === "specification" ? scopeId : undefined,
      serviceId: scopeKind === "service" ? scopeId : undefined,
      availabilityTargetPercent: optionalNumber(form, "availabilityTargetPercent"),
      latencyTargetMs: optionalNumber(form, "latencyTargetMs"),
      windowMinutes: optionalNumber(form, "windowMinutes"),
    });
    revalidatePath("/sla");
    return { message: `SLA "${sla.name}" saved; it is checked at the next telemetry sample.` };
  } catch (error) {
    return { error: messageOf(error) };
  }
}

/** Deletes an SLA with its breaches. */
export async function deleteSlaAction(_state: SlaFormState, form: FormData): Promise<SlaFormState> {
  const user = await requireUser(["domainOwner"], "/sla");
  try {
    await deleteSla(db(), principalOf(user), text(form, "slaId"));
    revalidatePath("/sla");
    return { message: "SLA deleted." };
  } catch (error) {
    return { error: messageOf(error) };
  }
}
