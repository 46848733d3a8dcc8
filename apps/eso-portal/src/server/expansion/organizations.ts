import "server-only";
import { eq } from "drizzle-orm";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { insertDocument, newId, TmfError } from "@cop-pilot/tmf-server";
import { schema, type EsoDb } from "../db";
import type { OrganizationChoice } from "../peering/schemas";

export interface OrganizationRef {
  id: string;
  name: string;
}

/** Loads an organization or throws a 422 naming the field, because the id came from the caller. */
export async function loadOrganization(db: EsoDb, id: string, field = "organization.id"): Promise<OrganizationRef> {
  const [row] = await db.select({ id: schema.organization.id, name: schema.organization.name }).from(schema.organization).where(eq(schema.organization.id, id)).limit(1);
  if (!row) throw new TmfError("unprocessable", `${field}: Organization "${id}" does not exist; choose an existing one or give the name of a new one`);
  return row;
}

/** Returns the chosen organization, creating a TMF632 organization when the choice names a new one. */
export async function resolveOrganization(db: EsoDb, choice: OrganizationChoice, options: { baseUrl: string; organizationType: string }): Promise<OrganizationRef> {
  if (choice.id !== undefined) return loadOrganization(db, choice.id);
  const id = newId();
  const name = choice.name!;
  await insertDocument(
    db,
    schema.organization,
    {
      id,
      href: `${options.baseUrl}${tmfApiPaths.party}/organization/${id}`,
      "@type": "Organization",
      name,
      organizationType: choice.organizationType ?? options.organizationType,
      status: "validated",
    },
    { name, status: "validated" },
  );
  return { id, name };
}

export async function listOrganizations(db: EsoDb): Promise<OrganizationRef[]> {
  return db.select({ id: schema.organization.id, name: schema.organization.name }).from(schema.organization).orderBy(schema.organization.name);
}
