import Link from "next/link";
import { Alert, EmptyState, FormField, Input, PageHeader, Select, buttonVariants } from "@cop-pilot/ui";
import { filterProblems, filtersOf, matchesFilters } from "@/lib/marketplace-filters";
import { loadOfferings, type CatalogView, type OfferingView } from "@/server/catalog/marketplace";
import { db } from "@/server/db";
import { requireUser } from "@/server/session";
import { OfferingCard } from "./offering-card";

export const dynamic = "force-dynamic";

/** Groups offerings by catalogue (one per pilot cluster) and then by their first category. */
function group(offerings: OfferingView[], catalogs: CatalogView[]) {
  const sections: { catalog: CatalogView | undefined; categories: { id: string; name: string; offerings: OfferingView[] }[] }[] = [];
  for (const catalog of [...catalogs, undefined]) {
    const inCatalog = offerings.filter((offering) => offering.catalog?.id === catalog?.id);
    if (inCatalog.length === 0) continue;
    const categories = new Map<string, { id: string; name: string; offerings: OfferingView[] }>();
    for (const offering of inCatalog) {
      const category = offering.categories[0] ?? { id: "none", name: "Uncategorised" };
      const entry = categories.get(category.id) ?? { id: category.id, name: category.name ?? category.id, offerings: [] };
      entry.offerings.push(offering);
      categories.set(category.id, entry);
    }
    sections.push({ catalog, categories: [...categories.values()].sort((left, right) => left.name.localeCompare(right.name)) });
  }
  return sections;
}

export default async function MarketplacePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser(["customer", "businessAdmin"], "/marketplace");
  const query = await searchParams;
  const compareError = typeof query.compareError === "string" ? query.compareError : undefined;
  const filters = filtersOf(query);
  const { offerings, catalogs } = await loadOfferings(db(), { launchedOnly: true });

  const catalogsInUse = catalogs.filter((catalog) => offerings.some((offering) => offering.catalog?.id === catalog.id));
  const categoriesInUse = new Map<string, string>();
  const locationsInUse = new Set<string>();
  for (const offering of offerings) {
    for (const domain of offering.domains) if (domain.location?.name) locationsInUse.add(domain.location.name);
    if (filters.catalog && offering.catalog?.id !== filters.catalog) continue;
    for (const category of offering.categories) categoriesInUse.set(category.id, category.name ?? category.id);
  }
  const problems = filterProblems(filters, { catalogs: new Set(catalogsInUse.map((catalog) => catalog.id)), categories: new Set(categoriesInUse.keys()), locations: locationsInUse });
  const problemOf = (field: string) => problems.find((problem) => problem.field === field)?.message;
  // An invalid value is left out, so the page shows what the other filters select.
  const applied = { ...filters, ...Object.fromEntries(problems.map((problem) => [problem.field, undefined])) };
  const visible = offerings.filter((offering) => matchesFilters(offering, applied));
  const sections = group(visible, catalogs);
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Marketplace"
        description="Products of the COP-PILOT pilot clusters. Each one deploys services in the domains that offer them; pick one to configure and order it, or tick two or three to compare them."
      />

      <form action="/marketplace" role="search" aria-label="Filters" className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2 lg:grid-cols-6">
        <FormField label="Search" className="lg:col-span-2">
          <Input name="q" defaultValue={filters.q} placeholder="Products, domains and services" />
        </FormField>
        {problems.length > 0 ? (
          <Alert variant="warning" className="sm:col-span-2 lg:col-span-6">
            Some filters are invalid and are not applied; see the fields below.
          </Alert>
        ) : null}
        <FormField label="Pilot cluster" error={problemOf("catalog")}>
          <Select name="catalog" defaultValue={filters.catalog ?? ""}>
            <option value="">All</option>
            {catalogsInUse.map((catalog) => (
              <option key={catalog.id} value={catalog.id}>
                {catalog.name}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Category" error={problemOf("category")}>
          <Select name="category" defaultValue={filters.category ?? ""}>
            <option value="">All</option>
            {[...categoriesInUse].sort((left, right) => left[1].localeCompare(right[1])).map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Location" error={problemOf("location")}>
          <Select name="location" defaultValue={filters.location ?? ""}>
            <option value="">All</option>
            {[...locationsInUse].sort().map((location) => (
              <option key={location} value={location}>
                {location}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Max. monthly fee (EUR)" error={problemOf("maxMonthly")}>
          <Input name="maxMonthly" type="number" min={0} step="1" inputMode="decimal" defaultValue={filters.maxMonthly} />
        </FormField>
        <div className="flex items-end gap-2 lg:col-span-6">
          <button type="submit" className={buttonVariants()}>
            Apply filters
          </button>
          {filtered ? (
            <Link href="/marketplace" className={buttonVariants({ variant: "outline" })}>
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>

      <form id="compare" action="/marketplace/compare" className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonVariants({ variant: "secondary", size: "sm" })}>
          Compare selected
        </button>
        <span className="text-xs text-muted-foreground">Tick “Compare” on two or three products.</span>
        {compareError ? (
          <Alert variant="warning" className="w-full">
            {compareError}
          </Alert>
        ) : null}
      </form>

      {sections.length === 0 ? (
        <EmptyState
          title={offerings.length === 0 ? "No products on offer yet" : "No product matches these filters"}
          description={offerings.length === 0 ? "Business admins publish offerings here once they have built them on the services of the domains." : "Change or clear the filters."}
          action={offerings.length === 0 ? undefined : <Link href="/marketplace" className={buttonVariants({ variant: "outline", size: "sm" })}>Show all products</Link>}
        />
      ) : null}

      {sections.map(({ catalog, categories }) => (
        <section key={catalog?.id ?? "other"} aria-labelledby={`catalog-${catalog?.id ?? "other"}`} className="flex flex-col gap-4">
          <div>
            <h2 id={`catalog-${catalog?.id ?? "other"}`} className="text-lg font-semibold tracking-tight">
              {catalog?.name ?? "Other products"}
            </h2>
            {catalog?.description ? <p className="text-sm text-muted-foreground">{catalog.description}</p> : null}
          </div>
          {categories.map((category) => (
            <div key={category.id} className="flex flex-col gap-3">
              <h3 className="text-sm font-semibold text-muted-foreground">
                {category.name} ({category.offerings.length})
              </h3>
              <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
                {category.offerings.map((offering) => (
                  <OfferingCard key={offering.id} offering={offering} compareForm="compare" />
                ))}
              </div>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
