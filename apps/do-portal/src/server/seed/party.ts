import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Domain } from "@cop-pilot/service-library";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { insertDocument, newId, type Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";

const { organization } = schema;

export interface PartyRef {
  id: string;
  href: string;
  name: string;
  role: string;
  "@referredType": "Organization";
}

/** Returns the `relatedParty` entry that names the domain owner's organization. */
export function ownerRef(document: { id: string; href: string; name: string }): PartyRef {
  return { id: document.id, href: document.href, name: document.name, role: "Owner", "@referredType": "Organization" };
}

/**
 * Creates the TMF632 organization of the domain owner, named after the
 * domain, unless an organization of that name exists; returns its reference.
 */
export async function ensureDomainOwnerOrganization(database: Db, domain: Domain, baseUrl: string): Promise<PartyRef> {
  return database.transaction(async (tx) => {
    // Two processes starting on one database must not both create it.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('cop-pilot-do-owner-seed'))`);
    const [existing] = await tx.select({ document: organization.document }).from(organization).where(eq(organization.name, domain.name));
    if (existing) return ownerRef(existing.document as { id: string; href: string; name: string });
    return createOwnerOrganization(tx, domain, baseUrl);
  });
}

async function createOwnerOrganization(tx: Db, domain: Domain, baseUrl: string): Promise<PartyRef> {
  const id = newId();
  const document = {
    id,
    href: `${baseUrl}${tmfApiPaths.party}/organization/${id}`,
    "@type": "Organization",
    name: domain.name,
    tradingName: domain.name,
    organizationType: "DomainOwner",
    isLegalEntity: false,
    status: "validated",
    contactMedium: [
      {
        mediumType: "postalAddress",
        preferred: true,
        characteristic: { city: domain.location.city, country: domain.location.countryCode },
      },
    ],
    partyCharacteristic: [
      { name: "domainId", value: domain.id },
      { name: "sector", value: domain.sector },
      { name: "pilotCluster", value: `${domain.pilotCluster.code} – ${domain.pilotCluster.name}` },
    ],
  };
  await insertDocument(tx, organization, document, { name: document.name, status: document.status });
  return ownerRef(document);
}
