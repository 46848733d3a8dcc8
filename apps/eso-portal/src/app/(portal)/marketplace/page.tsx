import Link from "next/link";
import { MapPin } from "lucide-react";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, StateBadge } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { loadMarketplace, type MarketplaceSpecification } from "@/server/marketplace";
import { requireUser } from "@/server/session";

export const dynamic = "force-dynamic";

function SpecificationCard({ specification }: { specification: MarketplaceSpecification }) {
  const configurable = specification.characteristics.filter((characteristic) => characteristic.configurable !== false);
  return (
    <Card className="flex flex-col">
      <CardHeader>
        <div className="flex items-start justify-between gap-2">
          <CardTitle as="h4">
            <Link href={specification.isBundle ? `/bundles/${specification.id}` : `/marketplace/${specification.id}`} className="hover:underline">
              {specification.name}
            </Link>
          </CardTitle>
          {specification.lifecycleStatus ? <StateBadge state={specification.lifecycleStatus} /> : null}
        </div>
        <CardDescription className="flex items-center gap-1">
          <MapPin aria-hidden="true" className="size-3.5" />
          {specification.domain
            ? `${specification.domain.name}${specification.domain.location.name ? `, ${specification.domain.location.name}` : ""}`
            : specification.isBundle
              ? "Multi-domain bundle"
              : "Designed in the ESO"}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-1 flex-col gap-3">
        <p className="line-clamp-3 text-sm text-muted-foreground">{specification.description ?? "No description."}</p>
        <div className="mt-auto flex flex-wrap gap-1">
          {configurable.slice(0, 5).map((characteristic) => (
            <Badge key={characteristic.name} variant="outline" className="font-mono">
              {characteristic.name}
            </Badge>
          ))}
          {configurable.length > 5 ? <Badge variant="neutral">+{configurable.length - 5} more</Badge> : null}
        </div>
      </CardContent>
    </Card>
  );
}

export default async function MarketplacePage() {
  const user = await requireUser(["platformAdmin", "serviceDesigner", "customer", "domainOwner"], "/marketplace");
  const marketplace = await loadMarketplace(db());
  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Marketplace"
        description={`${marketplace.total} service specification${marketplace.total === 1 ? "" : "s"} offered by the peered domains, by catalogue and category.`}
      />
      {marketplace.total === 0 ? (
        <EmptyState
          title="The marketplace is empty"
          description={
            user.role === "platformAdmin" ? (
              <>
                Peer with a Domain Orchestrator under <Link href="/oss" className="underline">Platform OSS</Link> and import its specifications.
              </>
            ) : (
              "No domain offers services right now. Ask a platform admin to peer with a Domain Orchestrator."
            )
          }
        />
      ) : null}
      {marketplace.catalogs.map((catalog) => (
        <section key={catalog.id} aria-labelledby={`catalog-${catalog.id}`} className="flex flex-col gap-4">
          <div>
            <h2 id={`catalog-${catalog.id}`} className="text-xl font-semibold tracking-tight">
              {catalog.name}
            </h2>
            {catalog.description ? <p className="text-sm text-muted-foreground">{catalog.description}</p> : null}
          </div>
          {catalog.categories.length === 0 ? <p className="text-sm text-muted-foreground">This catalogue has no categories yet.</p> : null}
          {catalog.categories.map((category) => (
            <div key={category.id} className="flex flex-col gap-3">
              <h3 className="text-sm font-semibold uppercase tracking-wide text-muted-foreground">
                {category.name} <span className="font-normal normal-case">({category.specifications.length})</span>
              </h3>
              {category.specifications.length === 0 ? (
                <p className="text-sm text-muted-foreground">No specification of this category is offered right now.</p>
              ) : (
                <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                  {category.specifications.map((specification) => (
                    <SpecificationCard key={specification.id} specification={specification} />
                  ))}
                </div>
              )}
            </div>
          ))}
        </section>
      ))}
      {marketplace.uncategorised.length > 0 ? (
        <section aria-labelledby="uncategorised" className="flex flex-col gap-3">
          <h2 id="uncategorised" className="text-xl font-semibold tracking-tight">
            Not in a catalogue
          </h2>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {marketplace.uncategorised.map((specification) => (
              <SpecificationCard key={specification.id} specification={specification} />
            ))}
          </div>
        </section>
      ) : null}
    </div>
  );
}
