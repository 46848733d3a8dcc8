import { z } from "zod";
import { domains, type Domain } from "@cop-pilot/service-library";
import type { ServiceSpecification } from "@cop-pilot/tmf-schemas";

// The domain that offers a service, as the BMP shows it beside a product.
// The ESO marks each imported service specification with an extension
// attribute `domain` and a `relatedParty` naming the domain's operator.
// Either is enough when it names one of the pilot domains.

export const serviceDomainSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().min(1),
  pilotCluster: z.looseObject({ code: z.string(), name: z.string() }).optional(),
  location: z
    .looseObject({
      name: z.string().optional(),
      latitude: z.number().optional(),
      longitude: z.number().optional(),
    })
    .optional(),
});

/** The `domain` extension attribute the BMP stores on a product specification. */
export type ServiceDomain = z.infer<typeof serviceDomainSchema>;

// The ESO may send null for what it does not know, e.g. a peer's location name.
const domainExtension = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  location: z
    .looseObject({
      name: z.string().nullish(),
      city: z.string().nullish(),
      countryCode: z.string().nullish(),
      latitude: z.number().nullish(),
      longitude: z.number().nullish(),
    })
    .nullish(),
});

function findPilotDomain(candidates: (string | null | undefined)[]): Domain | undefined {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const normalised = candidate.trim().toLowerCase();
    const found = domains.find((domain) => domain.id === normalised || domain.name.toLowerCase() === normalised);
    if (found) return found;
  }
  return undefined;
}

/**
 * Returns the key under which the BMP stores a domain: the pilot domain's id
 * when the ESO's domain id or name names one, the ESO's domain id otherwise.
 */
export function domainKeyOf(esoDomain: { id: string; name?: string }): string {
  return findPilotDomain([esoDomain.id, esoDomain.name])?.id ?? esoDomain.id;
}

/** Returns the domain offering an ESO service specification, or undefined when the specification names none. */
export function serviceDomainOf(specification: ServiceSpecification): ServiceDomain | undefined {
  const extension = domainExtension.safeParse((specification as Record<string, unknown>).domain);
  const marked = extension.success ? extension.data : undefined;
  const partyNames = (specification.relatedParty ?? []).map((party) => party.name);
  const pilot = findPilotDomain([marked?.id, marked?.name, ...partyNames]);

  const name = pilot?.name ?? marked?.name ?? partyNames.find((partyName) => Boolean(partyName));
  if (!name) return undefined;

  const markedLocation = marked?.location;
  const locationName =
    markedLocation?.name ??
    (markedLocation?.city ? [markedLocation.city, markedLocation.countryCode].filter(Boolean).join(", ") : undefined) ??
    (pilot ? `${pilot.location.city}, ${pilot.location.countryCode}` : undefined);

  return {
    id: pilot?.id ?? marked?.id ?? undefined,
    name,
    pilotCluster: pilot ? { ...pilot.pilotCluster } : undefined,
    location: locationName
      ? {
          name: locationName,
          latitude: markedLocation?.latitude ?? pilot?.location.latitude,
          longitude: markedLocation?.longitude ?? pilot?.location.longitude,
        }
      : undefined,
  };
}

/** Reads the `domain` extension attribute of a stored product specification. */
export function storedServiceDomain(productSpecification: Record<string, unknown> | undefined): ServiceDomain | undefined {
  const parsed = serviceDomainSchema.safeParse(productSpecification?.domain);
  return parsed.success ? parsed.data : undefined;
}
