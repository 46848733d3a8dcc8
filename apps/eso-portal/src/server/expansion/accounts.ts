import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { upsertAccount } from "@cop-pilot/auth";
import { createLogger } from "@cop-pilot/logger";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { insertDocument, TmfError, recordAudit, type AuditActor } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { schema, type EsoDb } from "../db";
import { organizationChoice } from "../peering/schemas";
import { resolveOrganization } from "./organizations";

const log = createLogger("expansion.accounts");

// Step 0 of the platform expansion: the platform admin registers a domain
// owner. The account is linked to a TMF632 organization, and the contact
// details and purpose are kept as a TMF632 individual with the user's id.

export const domainOwnerAccountInput = z.object({
  name: z.string().trim().min(1, "is required").max(200),
  email: z.email("must be an e-mail address").trim().toLowerCase().max(320),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+0-9 ()-]*$/, "must contain only digits, spaces, '+', '-' and brackets")
    .optional()
    .transform((text) => (text ? text : undefined)),
  /** Purpose of joining the platform, for example the infrastructure the owner brings. */
  purpose: z.string().trim().min(1, "is required").max(2000),
  organization: organizationChoice,
});
export type DomainOwnerAccountInput = z.infer<typeof domainOwnerAccountInput>;

export interface CreatedAccount {
  userId: string;
  email: string;
  /** Shown once to the platform admin, who hands it over; never stored in plain text. */
  password: string;
  organization: { id: string; name: string };
}

export interface DomainOwnerAccount {
  userId: string;
  name: string;
  email: string;
  organizationId: string | null;
  organizationName: string | null;
  createdAt: Date;
}

/** Creates a domain owner account; rejects an e-mail address that already has an account rather than resetting it. */
export async function createDomainOwnerAccount(db: EsoDb, input: DomainOwnerAccountInput, options: { baseUrl: string; actor: AuditActor }): Promise<CreatedAccount> {
  const password = randomBytes(15).toString("base64url");
  const result = await db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, input.email)).limit(1);
    if (existing) throw new TmfError("conflict", `An account for ${input.email} exists already; choose another e-mail address`);

    const organization = await resolveOrganization(tx, input.organization, { baseUrl: options.baseUrl, organizationType: "InfrastructureOwner" });
    const userId = await upsertAccount(tx, { email: input.email, name: input.name, password, role: "domainOwner", organizationId: organization.id });
    await insertDocument(
      tx,
      schema.individual,
      {
        id: userId,
        href: `${options.baseUrl}${tmfApiPaths.party}/individual/${userId}`,
        "@type": "Individual",
        name: input.name,
        status: "validated",
        contactMedium: [
          { mediumType: "email", preferred: true, characteristic: { contactType: "email", emailAddress: input.email } },
          ...(input.phone ? [{ mediumType: "phone", characteristic: { contactType: "phone", phoneNumber: input.phone } }] : []),
        ],
        partyCharacteristic: [{ name: "purpose", valueType: "string", value: input.purpose }],
        relatedParty: [{ id: organization.id, name: organization.name, role: "DomainOwner", "@referredType": "Organization" }],
      },
      { name: input.name, status: "validated" },
    );
    await recordAudit(tx, options.actor, { action: "create", resourceType: "Account", resourceId: userId, summary: `Created domain owner account ${input.email} for "${organization.name}"` });
    return { userId, organization };
  });
  log.info({ userId: result.userId, organizationId: result.organization.id }, "domain owner account created");
  return { userId: result.userId, email: input.email, password, organization: result.organization };
}

export async function listDomainOwnerAccounts(db: EsoDb): Promise<DomainOwnerAccount[]> {
  return db
    .select({
      userId: schema.user.id,
      name: schema.user.name,
      email: schema.user.email,
      organizationId: schema.user.organizationId,
      organizationName: schema.organization.name,
      createdAt: schema.user.createdAt,
    })
    .from(schema.user)
    .leftJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(eq(schema.user.role, "domainOwner"))
    .orderBy(schema.user.name);
}
