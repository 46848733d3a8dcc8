import Link from "next/link";
import { redirect } from "next/navigation";
import { PageHeader, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, buttonVariants } from "@cop-pilot/ui";
import { comparisonIds } from "@/lib/marketplace-filters";
import { formatPrice } from "@/lib/prices";
import { loadOffering } from "@/server/catalog/marketplace";
import { orderFormFields } from "@/server/catalog/value-use";
import { db } from "@/server/db";
import { requireUser } from "@/server/session";
import { labelOf } from "../[offeringId]/characteristic-field";

export const dynamic = "force-dynamic";

function period(validFor: { startDateTime?: string; endDateTime?: string } | undefined): string {
  if (!validFor?.startDateTime && !validFor?.endDateTime) return "No limit";
  const from = validFor.startDateTime ? `from ${validFor.startDateTime.slice(0, 10)}` : "";
  const until = validFor.endDateTime ? `until ${validFor.endDateTime.slice(0, 10)}` : "";
  return [from, until].filter(Boolean).join(" ");
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ id?: string | string[] }> }) {
  const user = await requireUser(["customer", "businessAdmin"], "/marketplace");
  const chosen = comparisonIds((await searchParams).id);
  if ("error" in chosen) redirect(`/marketplace?compareError=${encodeURIComponent(chosen.error)}`);

  const loaded = await Promise.all(chosen.ids.map((id) => loadOffering(db(), id)));
  // Customers compare launched offerings only, as the marketplace lists them.
  const offerings = loaded.filter((entry) => entry !== undefined && (user.role !== "customer" || entry.offering.lifecycleStatus === "Launched"));
  if (offerings.length < 2) redirect(`/marketplace?compareError=${encodeURIComponent("Some of the chosen products are no longer on offer; choose others.")}`);

  const rows: { label: string; cells: React.ReactNode[] }[] = [
    { label: "Pilot cluster", cells: offerings.map((entry) => entry!.offering.catalog?.name ?? "—") },
    { label: "Domains", cells: offerings.map((entry) => entry!.offering.domains.map((domain) => domain.name).join(", ") || "—") },
    { label: "Locations", cells: offerings.map((entry) => entry!.offering.domains.map((domain) => domain.location?.name).filter(Boolean).join(", ") || "—") },
    { label: "Category", cells: offerings.map((entry) => entry!.offering.categories.map((category) => category.name ?? category.id).join(", ") || "—") },
    {
      label: "Prices",
      cells: offerings.map((entry) =>
        entry!.offering.prices.length === 0 ? "On request" : (
          <ul>
            {entry!.offering.prices.map((price) => (
              <li key={`${price.name}-${price.priceType}`}>{formatPrice(price)}</li>
            ))}
          </ul>
        ),
      ),
    },
    { label: "SLA terms", cells: offerings.map((entry) => (entry!.offering.terms.length === 0 ? "None stated" : <ul>{entry!.offering.terms.map((term) => <li key={term}>{term}</li>)}</ul>)) },
    { label: "Orderable", cells: offerings.map((entry) => period(entry!.offering.validFor)) },
    {
      label: "You configure",
      cells: offerings.map((entry) => {
        const fields = entry!.offering.isBundle ? entry!.components.flatMap((component) => orderFormFields(component.fields)) : orderFormFields(entry!.fields);
        return fields.length === 0 ? "Nothing" : [...new Set(fields.map(labelOf))].join(", ");
      }),
    },
    { label: "Contains", cells: offerings.map((entry) => (entry!.offering.isBundle ? entry!.offering.bundled.map((component) => component.name).join(", ") : entry!.offering.serviceName ?? "—")) },
  ];

  return (
    <div className="flex flex-col gap-6">
      <Link href="/marketplace" className="text-sm text-muted-foreground hover:text-foreground hover:underline">
        ← Marketplace
      </Link>
      <PageHeader title="Compare products" description="The chosen products side by side." />
      <Table>
        <caption className="sr-only">Comparison of the chosen products</caption>
        <TableHeader>
          <TableRow>
            <TableHead>
              <span className="sr-only">Attribute</span>
            </TableHead>
            {offerings.map((entry) => (
              <TableHead key={entry!.offering.id} scope="col">
                {entry!.offering.name}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.label}>
              <TableHead scope="row">{row.label}</TableHead>
              {row.cells.map((cell, index) => (
                <TableCell key={offerings[index]!.offering.id} className="align-top">
                  {cell}
                </TableCell>
              ))}
            </TableRow>
          ))}
          <TableRow>
            <TableHead scope="row">
              <span className="sr-only">Order</span>
            </TableHead>
            {offerings.map((entry) => (
              <TableCell key={entry!.offering.id}>
                <Link href={`/marketplace/${entry!.offering.id}`} className={buttonVariants({ size: "sm" })}>
                  Configure and order<span className="sr-only"> {entry!.offering.name}</span>
                </Link>
              </TableCell>
            ))}
          </TableRow>
        </TableBody>
      </Table>
    </div>
  );
}
