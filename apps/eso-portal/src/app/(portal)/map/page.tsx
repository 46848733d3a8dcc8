import { PageHeader, PlatformMap, type PlatformMapPointStatus } from "@cop-pilot/ui";
import { describeClusterKind } from "@/components/cluster-kind";
import { db } from "@/server/db";
import { listPeers } from "@/server/peering/peers";
import { requireUser } from "@/server/session";

export const dynamic = "force-dynamic";

function statusOf(availability: string): PlatformMapPointStatus {
  return availability === "reachable" || availability === "unreachable" ? availability : "unknown";
}

export default async function MapPage() {
  const user = await requireUser(["platformAdmin", "serviceDesigner", "domainOwner"], "/map");
  const peers = await listPeers(db());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Platform map" description="Every peered Domain Orchestrator at its location, coloured by the result of the last availability check." />
      <PlatformMap
        label="Map of the peered Domain Orchestrators"
        height={520}
        permanentLabels
        points={peers.map((peer) => ({
          id: peer.id,
          name: peer.name,
          latitude: peer.location.latitude,
          longitude: peer.location.longitude,
          status: statusOf(peer.availability),
          detail: `${peer.location.name ?? ""} · ${peer.specificationCount} specification(s) in the marketplace · ${describeClusterKind(peer.clusterKind)}`,
          href: user.role === "platformAdmin" ? `/oss/${peer.id}` : undefined,
        }))}
      />
    </div>
  );
}
