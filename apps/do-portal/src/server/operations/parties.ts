import "server-only";
import { z } from "zod";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { TmfError, insertDocument, newId, recordAudit, type AuditActor, type Db } from "@cop-pilot/tmf-server";
import { describeFieldIssues, labelsByPath } from "@cop-pilot/tmf-schemas";
import { schema } from "../db";
import { apiEvents } from "../events";

const { organization, individual, domainParty } = schema;

/** Roles a party can hold in the domain. */
export const domainPartyRoles = ["domainOwner", "operator", "customerOrganization", "dataProvider", "serviceProvider"] as const;
export type DomainPartyRole = (typeof domainPartyRoles)[number];

export const domainPartyRoleLabels: Record<DomainPartyRole, string> = {
  domainOwner: "Domain owner",
  operator: "Operator",
  customerOrganization: "Customer organization",
  dataProvider: "Data provider",
  serviceProvider: "Service provider",
};

const rolesSchema = z
  .array(z.enum(domainPartyRoles, { error: `a role must be one of ${domainPartyRoles.join(", ")}` }))
  .min(1, "choose at least one role")
  .transform((roles) => [...new Set(roles)]);

const email = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined))
  .pipe(z.email("must be an e-mail address").optional());

export const newDomainPartySchema = z.discriminatedUnion("partyType", [
  z.object({ partyType: z.literal("Organization"), name: z.string().trim().min(1, "is required").max(200), email, roles: rolesSchema }),
  z.object({
    partyType: z.literal("Individual"),
    givenName: z.string().trim().min(1, "is required").max(100),
    familyName: z.string().trim().min(1, "is required").max(100),
    email,
    roles: rolesSchema,
  }),
]);
export type NewDomainParty = z.input<typeof newDomainPartySchema>;

export interface DomainPartyRow {
  id: string;
  href: string;
  partyType: "Organization" | "Individual";
  name: string;
  /** TMF632 status of the party record. */
  status: string | null;
  roles: DomainPartyRole[];
  /** Membership of the domain; a party with no membership row yet counts as active. */
  state: "active" | "inactive";
  organizationType: string | null;
}

const partyFieldLabels = labelsByPath({
  partyType: "Party type",
  name: "Name",
  givenName: "Given name",
  familyName: "Family name",
  email: "E-mail",
  roles: "Roles",
});

function parse<T extends z.ZodType>(schemaOf: T, input: unknown, subject: string): z.output<T> {
  const result = schemaOf.safeParse(input);
  if (!result.success) throw new TmfError("invalidBody", `${describeFieldIssues(result.error, partyFieldLabels)} (${subject} not saved)`);
  return result.data;
}

/** Lists every TMF632 organization and individual of the DO with its roles and state in the domain. */
export async function listDomainParties(database: Db): Promise<DomainPartyRow[]> {
  const memberships = new Map((await database.select().from(domainParty)).map((row) => [row.partyId, row]));
  const organizations = await database.select({ id: organization.id, href: organization.href, name: organization.name, status: organization.status, document: organization.document }).from(organization);
  const individuals = await database.select({ id: individual.id, href: individual.href, name: individual.name, status: individual.status }).from(individual);

  const rowOf = (party: { id: string; href: string; name: string | null; status: string | null }, partyType: DomainPartyRow["partyType"], organizationType: string | null): DomainPartyRow => {
    const membership = memberships.get(party.id);
    // The organization seeded as the domain's owner has that role until someone edits its roles.
    const defaultRoles: DomainPartyRole[] = organizationType === "DomainOwner" ? ["domainOwner"] : [];
    return {
      id: party.id,
      href: party.href,
      partyType,
      name: party.name ?? "unnamed",
      status: party.status,
      roles: (membership?.roles ?? defaultRoles) as DomainPartyRole[],
      state: membership?.state === "inactive" ? "inactive" : "active",
      organizationType,
    };
  };
  const rows = [
    ...organizations.map((party) => rowOf(party, "Organization", typeof party.document.organizationType === "string" ? party.document.organizationType : null)),
    ...individuals.map((party) => rowOf(party, "Individual", null)),
  ];
  return rows.sort((left, right) => left.name.localeCompare(right.name) || left.id.localeCompare(right.id));
}

/** Creates a TMF632 organization or individual and gives it roles in the domain, in one transaction. */
export async function addDomainParty(database: Db, actor: AuditActor, input: unknown, baseUrl: string): Promise<DomainPartyRow> {
  const party = parse(newDomainPartySchema, input, "party");
  const id = newId();
  const contactMedium = party.email ? [{ mediumType: "email", preferred: true, characteristic: { emailAddress: party.email } }] : undefined;
  const onEvent = apiEvents(tmfApiPaths.party);

  return database.transaction(async (tx) => {
    if (party.partyType === "Organization") {
      const document = {
        id,
        href: `${baseUrl}${tmfApiPaths.party}/organization/${id}`,
        "@type": "Organization",
        name: party.name,
        tradingName: party.name,
        isLegalEntity: true,
        status: "validated",
        ...(contactMedium ? { contactMedium } : {}),
      };
      const stored = await insertDocument(tx, organization, document, { name: party.name, status: "validated" });
      await onEvent({ kind: "create", type: "Organization", document: stored }, tx);
    } else {
      const fullName = `${party.givenName} ${party.familyName}`;
      const document = {
        id,
        href: `${baseUrl}${tmfApiPaths.party}/individual/${id}`,
        "@type": "Individual",
        givenName: party.givenName,
        familyName: party.familyName,
        fullName,
        status: "validated",
        ...(contactMedium ? { contactMedium } : {}),
      };
      const stored = await insertDocument(tx, individual, document, { name: fullName, status: "validated" });
      await onEvent({ kind: "create", type: "Individual", document: stored }, tx);
    }
    await tx.insert(domainParty).values({ partyId: id, partyType: party.partyType, roles: party.roles, state: "active" });
    const added = (await findParty(tx, id)) as DomainPartyRow;
    await recordAudit(tx, actor, { action: "create", resourceType: party.partyType, resourceId: id, summary: `Added ${added.name} to the domain as ${party.roles.join(", ")}`, detail: { roles: party.roles } });
    return added;
  });
}

async function findParty(database: Db, partyId: string): Promise<DomainPartyRow | undefined> {
  return (await listDomainParties(database)).find((row) => row.id === partyId);
}

async function getParty(database: Db, partyId: string): Promise<DomainPartyRow> {
  const party = await findParty(database, partyId);
  if (!party) throw new TmfError("notFound", `Party with id "${partyId}" does not exist in this domain`);
  return party;
}

/** Replaces the roles of a party in the domain. */
export async function setDomainPartyRoles(database: Db, actor: AuditActor, partyId: string, roles: unknown): Promise<DomainPartyRow> {
  const parsed = parse(rolesSchema, roles, "roles");
  return database.transaction(async (tx) => {
    const party = await getParty(tx, partyId);
    await tx
      .insert(domainParty)
      .values({ partyId, partyType: party.partyType, roles: parsed, state: party.state })
      .onConflictDoUpdate({ target: domainParty.partyId, set: { roles: parsed, updatedAt: new Date() } });
    await recordAudit(tx, actor, { action: "update", resourceType: party.partyType, resourceId: partyId, summary: `Set the roles of ${party.name} to ${parsed.join(", ") || "none"}`, detail: { from: party.roles, to: parsed } });
    return { ...party, roles: parsed };
  });
}

/**
 * Sets whether a party takes part in the domain. The domain owner's own organization cannot be
 * deactivated, because the catalogue and inventory name it as owner.
 */
export async function setDomainPartyState(database: Db, actor: AuditActor, partyId: string, state: unknown): Promise<DomainPartyRow> {
  const parsed = parse(z.enum(["active", "inactive"]), state, "state");
  return database.transaction(async (tx) => {
    const party = await getParty(tx, partyId);
    if (parsed === "inactive" && party.organizationType === "DomainOwner") {
      throw new TmfError("conflict", `Organization "${party.name}" owns the domain and cannot be deactivated`);
    }
    await tx
      .insert(domainParty)
      .values({ partyId, partyType: party.partyType, roles: party.roles, state: parsed })
      .onConflictDoUpdate({ target: domainParty.partyId, set: { state: parsed, updatedAt: new Date() } });
    await recordAudit(tx, actor, { action: "stateChange", resourceType: party.partyType, resourceId: partyId, summary: `Set ${party.name} ${parsed} in the domain`, detail: { from: party.state, to: parsed } });
    return { ...party, state: parsed };
  });
}
