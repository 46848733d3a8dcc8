import "server-only";
import { getDomain, type Domain } from "@cop-pilot/service-library";
import { env } from "@/env";

/**
 * Returns the domain this DO serves: the service library entry that DOMAIN_ID
 * names, or the DOMAIN_PROFILE of a new domain laid over that entry.
 */
export function currentDomain(): Domain {
  const template = getDomain(env().DOMAIN_ID);
  const profile = env().DOMAIN_PROFILE;
  if (!profile) return template;
  return {
    ...template,
    // NOTE: a new domain's id is outside the library's DomainId union; only the catalogue seed needs a library id, and it reads DOMAIN_ID.
    id: profile.id as Domain["id"],
    name: profile.name,
    description: `${profile.name}, a domain that joined the platform through the ESO`,
    location: { ...template.location, city: profile.location.city, latitude: profile.location.latitude, longitude: profile.location.longitude },
    computeCluster: profile.computeCluster ?? `${profile.id}-cluster`,
  };
}

/** Returns the service library domain whose catalogue this DO publishes. */
export function libraryDomainId(): Domain["id"] {
  return env().DOMAIN_ID;
}

/** Name under which this DO signs notes and history entries, e.g. "DO lulea". */
export function orchestratorName(domain: Domain = currentDomain()): string {
  return `DO ${domain.id}`;
}
