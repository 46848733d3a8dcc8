import { StandInNotice } from "@cop-pilot/ui";
import { env } from "@/env";

/** Tells the user, on every page, that ordered products land on simulated clusters while SIMULATED_CLUSTERS is set. */
export function ClusterStandInNotice() {
  if (!env().SIMULATED_CLUSTERS) return null;
  return <StandInNotice component="domain clusters" detail="products ordered here are deployed on simulated Kubernetes clusters, so no real workload runs." />;
}
