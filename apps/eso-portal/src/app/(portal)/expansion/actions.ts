"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { env } from "@/env";
import { db } from "@/server/db";
import { createDomainOwnerAccount, domainOwnerAccountInput } from "@/server/expansion/accounts";
import { registerCluster, registerClusterInput, removeCluster } from "@/server/expansion/clusters";
import { addFabricNetwork, addFabricNetworkInput, removeFabricNetwork } from "@/server/expansion/fabric-networks";
import { createIdentity, createIdentityInput, deleteIdentity, pollIdentities } from "@/server/expansion/identities";
import { userPrincipal } from "@/server/principal";
import { requireUser } from "@/server/session";
import { parseInput, userMessage } from "@/server/validation";

// Server actions of the platform expansion pages. Each one checks the role,
// parses the form with the same schema as the JSON API and calls the same
// server function.

export type ExpansionFormState = { error?: string; success?: string; values?: Record<string, string> };
export type AccountFormState = ExpansionFormState & { created?: { email: string; password: string; organization: string } };

function text(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function number(form: FormData, name: string): unknown {
  const value = text(form, name);
  if (value === undefined) return undefined;
  const parsed = Number(value.replace(",", "."));
  return Number.isNaN(parsed) ? value : parsed;
}

/** Reads the optional place of a form: all three fields, or none. */
function location(form: FormData) {
  const name = text(form, "locationName");
  const latitude = number(form, "latitude");
  const longitude = number(form, "longitude");
  if (name === undefined && latitude === undefined && longitude === undefined) return undefined;
  return { name, latitude, longitude };
}

function organization(form: FormData) {
  const id = text(form, "organizationId");
  return id ? { id } : { name: text(form, "organizationName") };
}

/** Keeps what the user typed, except secrets, so that a rejected form need not be filled in again. */
function keptValues(form: FormData, secrets: string[]): Record<string, string> {
  return Object.fromEntries([...form.entries()].filter(([key, value]) => !secrets.includes(key) && typeof value === "string")) as Record<string, string>;
}

/** Step 0: creates a domain owner account; the password is returned once, for the admin to hand over. */
export async function createAccountAction(_state: AccountFormState, form: FormData): Promise<AccountFormState> {
  const user = await requireUser(["platformAdmin"]);
  try {
    const input = parseInput(domainOwnerAccountInput, {
      name: text(form, "name"),
      email: text(form, "email"),
      phone: text(form, "phone"),
      purpose: text(form, "purpose"),
      organization: organization(form),
    });
    const account = await createDomainOwnerAccount(db(), input, { baseUrl: env().PUBLIC_URL, actor: userPrincipal(user) });
    revalidatePath("/accounts");
    return { created: { email: account.email, password: account.password, organization: account.organization.name } };
  } catch (error) {
    return { error: userMessage(error), values: keptValues(form, []) };
  }
}

/** Binds a fabric network after the ESO signed in to its controller. */
export async function addFabricNetworkAction(_state: ExpansionFormState, form: FormData): Promise<ExpansionFormState> {
  const user = await requireUser(["platformAdmin"]);
  try {
    const input = parseInput(addFabricNetworkInput, {
      name: text(form, "name"),
      kind: text(form, "kind"),
      controllerUrl: text(form, "kind") === "simulated" ? undefined : text(form, "controllerUrl"),
      credentials: { username: text(form, "username"), password: text(form, "password"), ca: text(form, "ca") },
      organization: organization(form),
      location: location(form),
    });
    const network = await addFabricNetwork(db(), input, { baseUrl: env().PUBLIC_URL, actor: userPrincipal(user) });
    revalidatePath("/fabric");
    return { success: `Signed in to ${network.controllerUrl} and bound fabric network "${network.name}".` };
  } catch (error) {
    return { error: userMessage(error), values: keptValues(form, ["password"]) };
  }
}

const idInput = z.object({ id: z.string().min(1) });

export async function removeFabricNetworkAction(_state: ExpansionFormState, form: FormData): Promise<ExpansionFormState> {
  const user = await requireUser(["platformAdmin"]);
  try {
    await removeFabricNetwork(db(), parseInput(idInput, Object.fromEntries(form)).id, userPrincipal(user));
    revalidatePath("/fabric");
    return {};
  } catch (error) {
    return { error: userMessage(error) };
  }
}

/** Step 1: creates a fabric identity; a domain owner's belongs to their organization. */
export async function createIdentityAction(_state: ExpansionFormState, form: FormData): Promise<ExpansionFormState> {
  const user = await requireUser(["platformAdmin", "domainOwner"]);
  try {
    const input = parseInput(createIdentityInput, {
      fabricNetworkId: text(form, "fabricNetworkId"),
      name: text(form, "name"),
      domainName: text(form, "domainName"),
      location: location(form),
      organizationId: user.role === "platformAdmin" ? text(form, "organizationId") : undefined,
      purpose: text(form, "purpose") ?? "domain",
    });
    const identity = await createIdentity(db(), userPrincipal(user), input);
    revalidatePath("/expansion");
    revalidatePath("/fabric");
    return { success: `Created identity "${identity.name}". Download its enrollment token and start the fabric client with it.` };
  } catch (error) {
    return { error: userMessage(error), values: keptValues(form, []) };
  }
}

export async function deleteIdentityAction(_state: ExpansionFormState, form: FormData): Promise<ExpansionFormState> {
  const user = await requireUser(["platformAdmin", "domainOwner"]);
  try {
    await deleteIdentity(db(), userPrincipal(user), parseInput(idInput, Object.fromEntries(form)).id);
    revalidatePath("/expansion");
    revalidatePath("/fabric");
    return {};
  } catch (error) {
    return { error: userMessage(error) };
  }
}

/** Polls the fabric controllers now, so that the owner need not wait for the next interval. */
export async function refreshIdentitiesAction(): Promise<void> {
  await requireUser(["platformAdmin", "domainOwner"]);
  await pollIdentities(db());
  revalidatePath("/expansion");
}

/** Step 3: registers a cluster from the form's kubeconfig file or text. */
export async function registerClusterAction(_state: ExpansionFormState, form: FormData): Promise<ExpansionFormState> {
  const user = await requireUser(["platformAdmin", "domainOwner"]);
  try {
    const file = form.get("kubeconfigFile");
    const uploaded = file instanceof File && file.size > 0 ? await file.text() : undefined;
    const input = parseInput(registerClusterInput, {
      name: text(form, "name"),
      fabricIdentityId: text(form, "fabricIdentityId"),
      kind: text(form, "kind"),
      kubeconfig: text(form, "kind") === "kubernetes" ? (uploaded ?? text(form, "kubeconfig")) : undefined,
    });
    const cluster = await registerCluster(db(), userPrincipal(user), input);
    revalidatePath("/expansion");
    return { success: `Registered cluster "${cluster.name}": Kubernetes ${cluster.version}, ${cluster.nodes.length} node(s).` };
  } catch (error) {
    return { error: userMessage(error), values: keptValues(form, ["kubeconfig", "kubeconfigFile"]) };
  }
}

export async function removeClusterAction(_state: ExpansionFormState, form: FormData): Promise<ExpansionFormState> {
  const user = await requireUser(["platformAdmin", "domainOwner"]);
  try {
    await removeCluster(db(), userPrincipal(user), parseInput(idInput, Object.fromEntries(form)).id);
    revalidatePath("/expansion");
    return {};
  } catch (error) {
    return { error: userMessage(error) };
  }
}
