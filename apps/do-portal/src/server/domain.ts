import "server-only";
import { getDomain, type Domain } from "@cop-pilot/service-library";
import { env } from "@/env";

/** Returns the domain this DO serves: the service library entry that DOMAIN_ID names. */
export function currentDomain(): Domain {
  return getDomain(env().DOMAIN_ID);
}

/** Name under which this DO signs notes and history entries, e.g. "DO lulea". */
export function orchestratorName(domain: Domain = currentDomain()): string {
  return `DO ${domain.id}`;
}
