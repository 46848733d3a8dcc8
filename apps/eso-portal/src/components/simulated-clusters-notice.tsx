import { StandInNotice } from "@cop-pilot/ui";

/**
 * Renders the stand-in notice of the ESO: the reachable domains that deploy
 * into a simulated cluster, or nothing when there are none.
 */
export function SimulatedClustersNotice({ domainNames }: { domainNames: string[] }) {
  if (domainNames.length === 0) return null;
  const domains = domainNames.length === 1 ? "1 domain" : `${domainNames.length} domains`;
  return <StandInNotice component="clusters" detail={`deployments in ${domains} (${domainNames.join(", ")}) are not real`} />;
}
