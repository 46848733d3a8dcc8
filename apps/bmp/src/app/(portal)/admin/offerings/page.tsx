import Link from "next/link";
import { Alert, EmptyState, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, buttonVariants } from "@cop-pilot/ui";
import { formatPrice } from "@/lib/prices";
import { loadOfferings } from "@/server/catalog/marketplace";
import { db } from "@/server/db";
import { requireUser } from "@/server/session";
import { publishOffering, retireOffering } from "./actions";
import { OfferingLifecycleActions } from "./offering-actions";

export const dynamic = "force-dynamic";

export default async function OfferingsPage({ searchParams }: { searchParams: Promise<{ notice?: string; error?: string }> }) {
  await requireUser(["businessAdmin"], "/admin/offerings");
  const { notice, error } = await searchParams;
  const { offerings } = await loadOfferings(db(), { launchedOnly: false });

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Product offerings"
        description="Offerings built on the services of the ESO marketplace. An offering is in design until you publish it; customers see launched offerings only."
        actions={
          <div className="flex gap-2">
            <Link href="/admin/offerings/new" className={buttonVariants()}>
              New offering
            </Link>
            <Link href="/admin/offerings/bundle" className={buttonVariants({ variant: "outline" })}>
              New bundle
            </Link>
          </div>
        }
      />
      {notice ? <Alert variant="success">{notice}</Alert> : null}
      {error ? <Alert variant="error">{error}</Alert> : null}

      {offerings.length === 0 ? (
        <EmptyState
          title="No offerings yet"
          description="Create an offering over a service of the ESO marketplace, then publish it."
          action={
            <Link href="/admin/offerings/new" className={buttonVariants({ size: "sm" })}>
              New offering
            </Link>
          }
        />
      ) : (
        <Table>
          <caption className="sr-only">Product offerings</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Offering</TableHead>
              <TableHead>Service</TableHead>
              <TableHead>Catalogue and category</TableHead>
              <TableHead>Price</TableHead>
              <TableHead>State</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {offerings.map((offering) => (
              <TableRow key={offering.id}>
                <TableCell className="font-medium">
                  <Link href={`/marketplace/${offering.id}`} className="hover:underline">
                    {offering.name}
                  </Link>
                </TableCell>
                <TableCell>
                  <span className="block">{offering.isBundle ? `Bundle: ${offering.bundled.map((component) => component.name).join(", ")}` : (offering.serviceName ?? "—")}</span>
                  {offering.domains.length > 0 ? <span className="block text-xs text-muted-foreground">{offering.domains.map((domain) => domain.name).join(", ")}</span> : null}
                </TableCell>
                <TableCell>
                  <span className="block">{offering.catalog?.name ?? "—"}</span>
                  <span className="block text-xs text-muted-foreground">{offering.categories.map((category) => category.name ?? category.id).join(", ")}</span>
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  {offering.prices.length === 0 ? "—" : offering.prices.map((price) => <span key={`${price.name}-${price.priceType}`} className="block">{formatPrice(price)}</span>)}
                </TableCell>
                <TableCell>
                  <StateBadge state={offering.lifecycleStatus} />
                </TableCell>
                <TableCell className="text-right">
                  <OfferingLifecycleActions
                    offering={{ id: offering.id, name: offering.name, lifecycleStatus: offering.lifecycleStatus }}
                    publish={publishOffering}
                    retire={retireOffering}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
