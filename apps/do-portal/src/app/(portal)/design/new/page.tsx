import { Card, CardContent, PageHeader, SpecificationDesignForm } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { designerRoles } from "@/server/design/specifications";
import { loadDesignOverview } from "@/server/design/views";
import { currentDomain } from "@/server/domain";
import { requireUser } from "@/server/session";
import { saveDesign } from "../actions";

export const dynamic = "force-dynamic";

export default async function NewDesignPage({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  const kind = (await searchParams).kind === "customerFacing" ? "customerFacing" : "resourceFacing";
  await requireUser(designerRoles, `/design/new?kind=${kind}`);
  const overview = await loadDesignOverview(db());
  const buildingBlocks = kind === "resourceFacing" ? overview.resourceSpecifications : overview.resourceFacing.filter((specification) => !["Retired", "Obsolete", "Rejected"].includes(specification.lifecycleStatus ?? ""));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={kind === "resourceFacing" ? "Design a resource-facing service" : "Design a customer-facing service"}
        description={
          kind === "resourceFacing"
            ? "Choose the resource specifications the service runs on and the artifact the DO deploys. It is saved In design."
            : "Choose the resource-facing services that realise it; each characteristic reaches the parts that have one of the same name. It is saved In design."
        }
      />
      <Card>
        <CardContent className="pt-6">
          <SpecificationDesignForm
            kind={kind}
            action={saveDesign}
            buildingBlocks={buildingBlocks.map(({ id, name, version }) => ({ id, name, ...(version ? { version } : {}) }))}
            categories={overview.categories}
            defaultRegistry={currentDomain().artifactRegistry}
          />
        </CardContent>
      </Card>
    </div>
  );
}
