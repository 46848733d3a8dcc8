"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { TmfError } from "@cop-pilot/tmf-server";
import { changeOfferingLifecycleStatus } from "@/server/catalog/offerings";
import { db } from "@/server/db";
import { principalOf, requireUser } from "@/server/session";

async function moveOffering(form: FormData, status: "Launched" | "Retired", done: string): Promise<void> {
  const user = await requireUser(["businessAdmin"], "/admin/offerings");
  const id = String(form.get("offeringId") ?? "");
  let message: string;
  try {
    const offering = await changeOfferingLifecycleStatus(db(), principalOf(user), id, status);
    message = `notice=${encodeURIComponent(`${String(offering.name)} ${done}.`)}`;
  } catch (error) {
    if (!(error instanceof TmfError)) throw error;
    message = `error=${encodeURIComponent(error.message)}`;
  }
  revalidatePath("/admin/offerings");
  revalidatePath("/marketplace");
  redirect(`/admin/offerings?${message}`);
}

/** Launches an offering: customers see it in the marketplace and may order it. */
export async function publishOffering(form: FormData): Promise<void> {
  await moveOffering(form, "Launched", "is launched and visible in the marketplace");
}

/** Retires an offering: it leaves the marketplace; orders placed before stay. */
export async function retireOffering(form: FormData): Promise<void> {
  await moveOffering(form, "Retired", "is retired and no longer in the marketplace");
}
