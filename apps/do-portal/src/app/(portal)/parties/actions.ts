"use server";

import { revalidatePath } from "next/cache";
import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db } from "@/server/db";
import { addDomainParty, setDomainPartyRoles, setDomainPartyState } from "@/server/operations/parties";
import { principalOf, requireUser } from "@/server/session";

export type PartyFormState = { error?: string; message?: string };

/** Turns an expected failure into a form message; anything else is a bug and propagates. */
function messageOf(error: unknown): string {
  if (error instanceof TmfError) return error.message;
  throw error;
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** Creates an organization or individual with roles in the domain. */
export async function addPartyAction(_state: PartyFormState, form: FormData): Promise<PartyFormState> {
  const user = await requireUser(["domainOwner"], "/parties");
  try {
    const party = await addDomainParty(
      db(),
      principalOf(user),
      {
        partyType: text(form, "partyType"),
        name: text(form, "name"),
        givenName: text(form, "givenName"),
        familyName: text(form, "familyName"),
        email: text(form, "email"),
        roles: form.getAll("roles"),
      },
      env().PUBLIC_URL,
    );
    revalidatePath("/parties");
    return { message: `${party.name} added.` };
  } catch (error) {
    return { error: messageOf(error) };
  }
}

/** Replaces the roles of one party. */
export async function setRolesAction(_state: PartyFormState, form: FormData): Promise<PartyFormState> {
  const user = await requireUser(["domainOwner"], "/parties");
  try {
    const party = await setDomainPartyRoles(db(), principalOf(user), text(form, "partyId"), form.getAll("roles"));
    revalidatePath("/parties");
    return { message: `Roles of ${party.name} saved.` };
  } catch (error) {
    return { error: messageOf(error) };
  }
}

/** Deactivates or reactivates one party in the domain. */
export async function setStateAction(_state: PartyFormState, form: FormData): Promise<PartyFormState> {
  const user = await requireUser(["domainOwner"], "/parties");
  try {
    const party = await setDomainPartyState(db(), principalOf(user), text(form, "partyId"), text(form, "state"));
    revalidatePath("/parties");
    return { message: `${party.name} is now ${party.state}.` };
  } catch (error) {
    return { error: messageOf(error) };
  }
}
