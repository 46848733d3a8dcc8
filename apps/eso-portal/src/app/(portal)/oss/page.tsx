import Link from "next/link";
import { buttonVariants, EmptyState, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, formatUtcTimestamp } from "@cop-pilot/ui";
import { ClusterKindBadge } from "@/components/cluster-kind";
import { dialectLabel, PeerCheckSummary } from "@/components/peer-check-summary";
import { db } from "@/server/db";
import { listPeers } from "@/server/peering/peers";
import { requireUser } from "@/server/session";
import { PeerActions } from "./peer-actions";

export const dynamic = "force-dynamic";

export default async function PlatformOssPage() {
  await requireUser(["platformAdmin"], "/oss");
  const peers = await listPeers(db());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Platform OSS"
        description="The Domain Orchestrators this ESO federates. The ESO checks each one periodically; an unreachable domain's services leave the marketplace."
        actions={
          <Link href="/oss/new" className={buttonVariants()}>
            Add OSS
          </Link>
        }
      />
      {peers.length === 0 ? (
        <EmptyState
          title="No Domain Orchestrator is peered yet"
          description="Add the endpoint, API token and location of a DO to import its service specifications."
          action={
            <Link href="/oss/new" className={buttonVariants()}>
              Add OSS
            </Link>
          }
        />
      ) : (
        <Table>
          <caption className="sr-only">Peered Domain Orchestrators</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Domain</TableHead>
              <TableHead>Availability</TableHead>
              <TableHead>Cluster</TableHead>
              <TableHead>Last check</TableHead>
              <TableHead>Location</TableHead>
              <TableHead>Specifications</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {peers.map((peer) => (
              <TableRow key={peer.id}>
                <TableCell>
                  <Link href={`/oss/${peer.id}`} className="font-medium hover:underline">
                    {peer.name}
                  </Link>
                  <div className="font-mono text-xs text-muted-foreground">{peer.endpoint}</div>
                  <div className="text-xs text-muted-foreground">{dialectLabel(peer.dialect)}</div>
                  {peer.organization.name ? <div className="text-xs text-muted-foreground">{peer.organization.name}</div> : null}
                </TableCell>
                <TableCell>
                  <StateBadge state={peer.availability} />
                  {peer.lastError ? <div className="mt-1 max-w-xs text-xs text-destructive">{peer.lastError}</div> : null}
                </TableCell>
                <TableCell>
                  <ClusterKindBadge kind={peer.clusterKind} />
                </TableCell>
                <TableCell>
                  <div className="font-mono text-xs">{peer.lastCheckedAt ? formatUtcTimestamp(peer.lastCheckedAt) : "never"}</div>
                  {peer.lastCheck ? (
                    <div className="text-xs">
                      <PeerCheckSummary report={peer.lastCheck} />
                    </div>
                  ) : null}
                </TableCell>
                <TableCell>
                  {peer.location.name ?? "—"}
                  <div className="text-xs tabular-nums text-muted-foreground">
                    {peer.location.latitude.toFixed(4)}, {peer.location.longitude.toFixed(4)}
                  </div>
                </TableCell>
                <TableCell className="tabular-nums">{peer.specificationCount}</TableCell>
                <TableCell>
                  <PeerActions peer={peer} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
