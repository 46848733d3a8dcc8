import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, KeyValueList, PageHeader, StateBadge } from "@cop-pilot/ui";
import { TmfError } from "@cop-pilot/tmf-server";
import { CharacteristicsTable } from "@/components/characteristics-table";
import { db } from "@/server/db";
import { loadMarketplaceSpecification } from "@/server/marketplace";
import { requireUser } from "@/server/session";
import { listClusters } from "@/server/expansion/clusters";
import { domainOrchestratorSpecificationId } from "@/server/expansion/domain-orchestrators";
import { userPrincipal } from "@/server/principal";
import { OrderForm, type CharacteristicChoices } from "./order-form";

export const dynamic = "force-dynamic";

export default async function SpecificationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(["platformAdmin", "serviceDesigner", "customer", "domainOwner"], `/marketplace/${id}`);
  const specification = await loadMarketplaceSpecification(db(), id).catch((error: unknown) => {
    if (error instanceof TmfError && error.code === "notFound") notFound();
    throw error;
  });
  if (specification.isBundle) redirect(`/bundles/${id}`);
  const domain = specification.domain;
  const ordersDomainOrchestrator = specification.id === domainOrchestratorSpecificationId;
  // The DO is ordered into a registered cluster, so the form offers the clusters the user may choose.
  const choices: CharacteristicChoices =
    ordersDomainOrchestrator && (user.role === "domainOwner" || user.role === "platformAdmin")
      ? { targetCluster: (await listClusters(db(), userPrincipal(user))).map((cluster) => ({ value: cluster.id, label: `${cluster.name} (${cluster.domainName}, ${cluster.kind})` })) }
      : {};
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={specification.name}
        description={specification.description ?? undefined}
        actions={
          <Link href="/marketplace" className="text-sm underline-offset-4 hover:underline">
            Back to the marketplace
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader>
            <CardTitle as="h2">Order this service</CardTitle>
            <CardDescription>
              {ordersDomainOrchestrator
                ? "The ESO deploys the DO into the chosen cluster, completes the order once the rollout is done, and then peers with the new DO."
                : `The ESO delegates the order to ${domain ? domain.name : "the domain that offers it"} and shows its progress.`}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <OrderForm specificationId={specification.id} characteristics={specification.characteristics} choices={choices} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h2">Offered by</CardTitle>
          </CardHeader>
          <CardContent>
            <KeyValueList
              items={[
                { label: "Domain", value: domain?.name ?? (ordersDomainOrchestrator ? "The ESO itself" : "Designed in the ESO") },
                { label: "Location", value: domain ? `${domain.location.name ?? ""} (${domain.location.latitude.toFixed(2)}, ${domain.location.longitude.toFixed(2)})` : null },
                { label: "Id in the domain", value: domain ? <span className="font-mono text-xs">{domain.remoteId}</span> : null },
                { label: "Version", value: specification.version },
                { label: "Status", value: specification.lifecycleStatus ? <StateBadge state={specification.lifecycleStatus} /> : null },
                { label: "Categories", value: specification.categories.map((category) => category.name).join(", ") },
              ]}
            />
          </CardContent>
        </Card>
      </div>
      <section aria-labelledby="characteristics" className="flex flex-col gap-3">
        <h2 id="characteristics" className="text-lg font-semibold">
          Characteristics
        </h2>
        <CharacteristicsTable characteristics={specification.characteristics} />
      </section>
    </div>
  );
}
