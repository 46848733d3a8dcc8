import Link from "next/link";
import { EmptyState, Input, PageHeader, buttonVariants, cn } from "@cop-pilot/ui";
import { loadOfferings, type CatalogView, type OfferingView } from "@/server/catalog/marketplace";
import { db } from "@/server/db";
import { requireUser } from "@/server/session";
import { OfferingCard } from "./offering-card";

export const dynamic = "force-dynamic";

type Filters = { catalog?: string; category?: string; q?: string };

function filterHref(filters: Filters): string {
  const params = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const query = params.toString();
  return query ? `/marketplace?${query}` : "/marketplace";
}

function FilterLink({ href, active, children }: { href: string; active: boolean; children: React.ReactNode }) {
  return (
    <Link href={href} aria-current={active ? "true" : undefined} className={cn(buttonVariants({ variant: active ? "default" : "outline", size: "sm" }), "rounded-full")}>
      {children}
    </Link>
  );
}

function matches(offering: OfferingView, filters: Filters): boolean {
  if (filters.catalog && offering.catalog?.id !== filters.catalog) return false;
  if (filters.category && !offering.categories.some((category) => category.id === filters.category)) return false;
  if (filters.q) {
    const text = `${offering.name} ${offering.description ?? ""} ${offering.domain?.name ?? ""} ${offering.serviceName ?? ""}`.toLowerCase();
    if (!text.includes(filters.q.toLowerCase())) return false;
  }
  return true;
}

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

export default async function MarketplacePage({ searchParams }: { searchParams: Promise<Filters> }) {
  await requireUser(["customer", "businessAdmin"], "/marketplace");
  const filters = await searchParams;
  const { offerings, catalogs } = await loadOfferings(db(), { launchedOnly: true });

  const catalogsInUse = catalogs.filter((catalog) => offerings.some((offering) => offering.catalog?.id === catalog.id));
  const selectedCatalog = catalogsInUse.find((catalog) => catalog.id === filters.catalog);
  const categoriesInUse = new Map<string, string>();
  for (const offering of offerings) {
    if (selectedCatalog && offering.catalog?.id !== selectedCatalog.id) continue;
    for (const category of offering.categories) categoriesInUse.set(category.id, category.name ?? category.id);
  }
  const visible = offerings.filter((offering) => matches(offering, filters));
  const sections = group(visible, catalogs);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Marketplace"
        description="Products of the COP-PILOT pilot clusters. Each one deploys a service in the domain that offers it; pick one to configure and order it."
      />

      <section aria-label="Filters" className="flex flex-col gap-3">
        <form action="/marketplace" className="flex max-w-md gap-2" role="search">
          {filters.catalog ? <input type="hidden" name="catalog" value={filters.catalog} /> : null}
          {filters.category ? <input type="hidden" name="category" value={filters.category} /> : null}
          <Input name="q" defaultValue={filters.q} placeholder="Search products, domains and services" aria-label="Search" />
          <button type="submit" className={buttonVariants({ variant: "outline" })}>
            Search
          </button>
        </form>
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">Pilot cluster</span>
          <FilterLink href={filterHref({ q: filters.q })} active={!filters.catalog}>
            All
          </FilterLink>
          {catalogsInUse.map((catalog) => (
            <FilterLink key={catalog.id} href={filterHref({ catalog: catalog.id, q: filters.q })} active={filters.catalog === catalog.id}>
              {catalog.name}
            </FilterLink>
          ))}
        </div>
        {categoriesInUse.size > 1 ? (
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">Category</span>
            <FilterLink href={filterHref({ catalog: filters.catalog, q: filters.q })} active={!filters.category}>
              All
            </FilterLink>
            {[...categoriesInUse].map(([id, name]) => (
              <FilterLink key={id} href={filterHref({ ...filters, category: id })} active={filters.category === id}>
                {name}
              </FilterLink>
            ))}
          </div>
        ) : null}
      </section>

      {sections.length === 0 ? (
        <EmptyState
          title={offerings.length === 0 ? "No products on offer yet" : "No product matches these filters"}
          description={offerings.length === 0 ? "Business admins publish offerings here once they have built them on the services of the domains." : "Choose another pilot cluster or category, or clear the search."}
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
              <h3 className="text-sm font-semibold text-muted-foreground">{category.name}</h3>
              <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
                {category.offerings.map((offering) => (
                  <OfferingCard key={offering.id} offering={offering} />
                ))}
              </div>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
