import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, StateBadge } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { designerRoles } from "@/server/design/peer-design";
import { listPeers } from "@/server/peering/peers";
import { requireUser } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function DesignPage() {
  await requireUser(designerRoles, "/design");
  const peers = (await listPeers(db())).filter((peer) => peer.dialect === "tmf");
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Service design"
        description="A service is designed in the catalogue of the domain whose resources it uses; choose the domain. A service across domains is a bundle."
        actions={
          <Link href="/bundles/new" className="text-sm font-medium text-primary hover:underline">
            Compose a multi-domain bundle
          </Link>
        }
      />
      {peers.length === 0 ? <EmptyState title="No peered domain" description="Add a domain's OSS first; its resource specifications are the building blocks." /> : null}
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {peers.map((peer) => (
          <Card key={peer.id}>
            <CardHeader>
              <div className="flex items-start justify-between gap-2">
                <CardTitle as="h2">
                  <Link href={`/design/${peer.id}`} className="hover:underline">
                    {peer.name}
                  </Link>
                </CardTitle>
                <StateBadge state={peer.availability} />
              </div>
              <CardDescription>{peer.endpoint}</CardDescription>
            </CardHeader>
            <CardContent className="text-sm text-muted-foreground">{peer.specificationCount} specifications in the marketplace</CardContent>
          </Card>
        ))}
      </div>
    </div>
  );
}
