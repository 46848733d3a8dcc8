import { Card, CardContent, EmptyState, PageHeader } from "@cop-pilot/ui";
import { unsellableStatuses } from "@/server/catalog/bundles";
import { loadOfferings } from "@/server/catalog/marketplace";
import { db } from "@/server/db";
import { requireUser } from "@/server/session";
import { BundleForm } from "./bundle-form";

export const dynamic = "force-dynamic";

export default async function NewBundlePage() {
  await requireUser(["businessAdmin"], "/admin/offerings/bundle");
  const { offerings } = await loadOfferings(db(), { launchedOnly: false });
  const candidates = offerings
    .filter((offering) => !offering.isBundle && !unsellableStatuses.includes(offering.lifecycleStatus))
    .map((offering) => ({ id: offering.id, name: offering.name, domainName: offering.domain?.name, lifecycleStatus: offering.lifecycleStatus }));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="New bundle"
        description="Sell several offerings together, for example services of different domains. The bundle starts in design; customers configure each offering in it when they order."
      />
      {candidates.length < 2 ? (
        <EmptyState title="Not enough offerings to bundle" description="A bundle needs at least two offerings that are not retired. Create offerings first." />
      ) : (
        <Card className="max-w-3xl">
          <CardContent className="pt-5">
            <BundleForm candidates={candidates} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
