import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert, Button, Card, CardContent, CardHeader, CardTitle, KeyValueList, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, formatUtcTimestamp } from "@cop-pilot/ui";
import { TmfError } from "@cop-pilot/tmf-server";
import { ClusterKindBadge } from "@/components/cluster-kind";
import { dialectLabel, PeerCheckSummary } from "@/components/peer-check-summary";
import { db } from "@/server/db";
import { listCatalogChoices } from "@/server/marketplace";
import { listSpecificationChanges } from "@/server/peering/changes";
import { getPeer } from "@/server/peering/peers";
import { listRemoteSpecifications, type RemoteSpecificationSummary } from "@/server/peering/specifications";
import { requireUser } from "@/server/session";
import { userMessage } from "@/server/validation";
import { checkPeerAction } from "../actions";
import { RemovePeerButton } from "../remove-peer-button";
import { ImportForm } from "./import-form";

export const dynamic = "force-dynamic";

export default async function PeerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(["platformAdmin"], `/oss/${id}`);
  const peer = await getPeer(db(), id).catch((error: unknown) => {
    if (error instanceof TmfError && error.code === "notFound") notFound();
    throw error;
  });
  let specifications: RemoteSpecificationSummary[] = [];
  let listError: string | undefined;
  try {
    specifications = await listRemoteSpecifications(db(), id);
  } catch (error) {
    listError = userMessage(error);
  }
  const choices = await listCatalogChoices(db());
  const changes = await listSpecificationChanges(db(), id);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={peer.name}
        description={<span className="font-mono">{peer.endpoint}</span>}
        actions={
          <>
            <form action={checkPeerAction}>
              <input type="hidden" name="peerId" value={peer.id} />
              <input type="hidden" name="returnTo" value="/oss/peer" />
              <Button type="submit" variant="outline" size="sm">
                Check now
              </Button>
            </form>
            <RemovePeerButton peerId={peer.id} peerName={peer.name} />
          </>
        }
      />
      <Card>
        <CardContent className="pt-5">
          <KeyValueList
            items={[
              { label: "Availability", value: <StateBadge state={peer.availability} /> },
              { label: "Last check", value: peer.lastCheckedAt ? formatUtcTimestamp(peer.lastCheckedAt) : "never" },
              { label: "Specifications at the last check", value: <PeerCheckSummary report={peer.lastCheck} /> },
              { label: "Last error", value: peer.lastError },
              { label: "API dialect", value: dialectLabel(peer.dialect) },
              {
                label: "Authentication",
                value:
                  peer.authentication.type === "oauth2" ? (
                    <span>
                      OAuth2 password grant as <span className="font-mono">{peer.authentication.username}</span> at{" "}
                      <span className="font-mono">{peer.authentication.tokenUrl}</span>
                    </span>
                  ) : (
                    "API token"
                  ),
              },
              { label: "Cluster", value: <ClusterKindBadge kind={peer.clusterKind} /> },
              { label: "Location", value: `${peer.location.name ?? ""} (${peer.location.latitude}, ${peer.location.longitude})` },
              { label: "Organization", value: peer.organization.name ?? peer.organization.id },
              { label: "In the marketplace", value: `${peer.specificationCount} specification(s)` },
            ]}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Service specifications of the DO</CardTitle>
        </CardHeader>
        <CardContent>
          {listError ? (
            <Alert variant="error" title="The DO's specifications could not be listed">
              {listError}
            </Alert>
          ) : specifications.length === 0 ? (
            <p className="text-sm text-muted-foreground">The DO offers no service specification.</p>
          ) : (
            <ImportForm peerId={peer.id} specifications={specifications} catalogs={choices.catalogs} categories={choices.categories} />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Changes made by the DO</CardTitle>
        </CardHeader>
        <CardContent>
          {changes.length === 0 ? (
            <p className="text-sm text-muted-foreground">The availability check has not changed any specification of this DO yet.</p>
          ) : (
            <Table>
              <caption className="sr-only">Latest changes to the specifications of this DO</caption>
              <TableHeader>
                <TableRow>
                  <TableHead>When</TableHead>
                  <TableHead>Specification</TableHead>
                  <TableHead>Change</TableHead>
                  <TableHead>Version</TableHead>
                  <TableHead>Attributes</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {changes.map((change) => (
                  <TableRow key={`${change.serviceSpecificationId}-${change.changedAt}-${change.change}`}>
                    <TableCell className="font-mono text-xs">{formatUtcTimestamp(change.changedAt)}</TableCell>
                    <TableCell>
                      {change.name ?? <span className="text-muted-foreground">out of the marketplace</span>}
                      <div className="font-mono text-xs text-muted-foreground">{change.remoteId}</div>
                    </TableCell>
                    <TableCell>
                      <StateBadge state={change.change} />
                    </TableCell>
                    <TableCell className="tabular-nums">{change.change === "updated" && change.fromVersion !== change.toVersion ? `${change.fromVersion ?? "–"} → ${change.toVersion ?? "–"}` : (change.toVersion ?? change.fromVersion ?? "–")}</TableCell>
                    <TableCell className="text-xs">{change.changedAttributes.join(", ")}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
      <Link href="/oss" className="text-sm underline-offset-4 hover:underline">
        Back to Platform OSS
      </Link>
    </div>
  );
}
