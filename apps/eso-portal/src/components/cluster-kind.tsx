import { Badge } from "@cop-pilot/ui";
import type { ClusterKind } from "@/server/peering/cluster-kind";

/** Describes a peer's cluster in a few words, for the map and other plain-text places. */
export function describeClusterKind(kind: ClusterKind | null): string {
  if (kind === "simulated") return "simulated cluster: deployments are not real";
  if (kind === "kubernetes") return "Kubernetes cluster";
  return "cluster kind not reported";
}

/** Renders the kind of cluster a peer deploys into, with a simulated one shown as a warning. */
export function ClusterKindBadge({ kind }: { kind: ClusterKind | null }) {
  if (kind === "simulated") return <Badge variant="warning">Simulated: deployments are not real</Badge>;
  if (kind === "kubernetes") return <Badge variant="success">Kubernetes</Badge>;
  return <Badge variant="neutral">Not reported</Badge>;
}
