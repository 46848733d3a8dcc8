import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert, Button, Card, CardContent, CardHeader, CardTitle, KeyValueList, PageHeader, StateBadge, formatUtcTimestamp } from "@cop-pilot/ui";
import { TmfError } from "@cop-pilot/tmf-server";
import { ClusterKindBadge } from "@/components/cluster-kind";
import { db } from "@/server/db";
import { listCatalogChoices } from "@/server/marketplace";
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
              { label: "Last error", value: peer.lastError },
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
      <Link href="/oss" className="text-sm underline-offset-4 hover:underline">
        Back to Platform OSS
      </Link>
    </div>
  );
}
