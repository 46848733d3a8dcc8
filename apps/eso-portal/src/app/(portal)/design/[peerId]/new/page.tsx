import { Alert, Card, CardContent, PageHeader, SpecificationDesignForm } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { designerRoles, loadPeerDesign } from "@/server/design/peer-design";
import { requireUser } from "@/server/session";
import { userMessage } from "@/server/validation";
import { saveDesignAtPeer } from "../../actions";

export const dynamic = "force-dynamic";

export default async function NewPeerDesignPage({ params, searchParams }: { params: Promise<{ peerId: string }>; searchParams: Promise<{ kind?: string }> }) {
  const { peerId } = await params;
  const kind = (await searchParams).kind === "customerFacing" ? "customerFacing" : "resourceFacing";
  await requireUser(designerRoles, `/design/${peerId}/new?kind=${kind}`);
  let design: Awaited<ReturnType<typeof loadPeerDesign>>;
  try {
    design = await loadPeerDesign(db(), peerId);
  } catch (error) {
    return <Alert variant="error">{userMessage(error)}</Alert>;
  }
  const buildingBlocks = kind === "resourceFacing" ? design.resourceSpecifications : design.resourceFacing.filter((specification) => !["Retired", "Obsolete", "Rejected"].includes(specification.lifecycleStatus ?? ""));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={`${kind === "resourceFacing" ? "Design a resource-facing service" : "Design a customer-facing service"} · ${design.peer.name}`} />
      <Card>
        <CardContent className="pt-6">
          <SpecificationDesignForm
            kind={kind}
            action={saveDesignAtPeer.bind(null, peerId)}
            buildingBlocks={buildingBlocks.map(({ id, name, version }) => ({ id, name, ...(version ? { version } : {}) }))}
            categories={design.categories.map(({ id, name }) => ({ id, name }))}
          />
        </CardContent>
      </Card>
    </div>
  );
}
