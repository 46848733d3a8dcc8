import Link from "next/link";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  PageHeader,
  StateBadge,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@cop-pilot/ui";
import { db } from "@/server/db";
import { loadCatalogTree, type SpecificationView } from "@/server/portal/catalog";
import { requirePortalUser } from "@/server/session";

export const dynamic = "force-dynamic";

function SpecificationTable({ specifications, caption }: { specifications: SpecificationView[]; caption: string }) {
  if (specifications.length === 0) return <p className="text-sm text-muted-foreground">No service specifications in this category.</p>;
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Service specification</TableHead>
          <TableHead>Version</TableHead>
          <TableHead>Characteristics</TableHead>
          <TableHead>Lifecycle status</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {specifications.map((specification) => (
          <TableRow key={specification.id}>
            <TableCell>
              <Link href={`/catalog/specifications/${specification.id}`} className="font-medium text-primary hover:underline">
                {specification.name}
              </Link>
            </TableCell>
            <TableCell className="font-mono text-xs">{specification.version ?? "—"}</TableCell>
            <TableCell className="tabular-nums">{specification.specCharacteristic.length}</TableCell>
            <TableCell>
              <StateBadge state={specification.lifecycleStatus ?? "unknown"} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export default async function CatalogPage() {
  await requirePortalUser("/catalog");
  const { catalogs, categories, specifications } = await loadCatalogTree(db());
  const categoryById = new Map(categories.map((category) => [category.id, category]));
  const inCategory = (categoryId: string) => specifications.filter((specification) => specification.category.some((ref) => ref.id === categoryId));
  const listedCategoryIds = new Set(catalogs.flatMap((catalog) => catalog.category.map((ref) => ref.id)));
  const uncategorised = specifications.filter((specification) => !specification.category.some((ref) => listedCategoryIds.has(ref.id)));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Service catalogue"
        description={`${specifications.length} service specifications in ${categories.length} categories, served to the ESO through TMF633.`}
      />
      {catalogs.length === 0 ? <EmptyState title="No service catalogue" description="The DO publishes its service library when it starts with an empty catalogue." /> : null}

      {catalogs.map((catalog) => (
        <Card key={catalog.id}>
          <CardHeader>
            <div className="flex flex-wrap items-center gap-2">
              <CardTitle as="h2">{catalog.name}</CardTitle>
              {catalog.lifecycleStatus ? <StateBadge state={catalog.lifecycleStatus} /> : null}
            </div>
            {catalog.description ? <CardDescription>{catalog.description}</CardDescription> : null}
          </CardHeader>
          <CardContent className="flex flex-col gap-6">
            {catalog.category.map((ref) => {
              const category = categoryById.get(ref.id);
              return (
                <section key={ref.id} className="flex flex-col gap-2">
                  <h3 className="text-base font-semibold">{category?.name ?? ref.name ?? ref.id}</h3>
                  {category?.description ? <p className="max-w-3xl text-sm text-muted-foreground">{category.description}</p> : null}
                  <SpecificationTable specifications={inCategory(ref.id)} caption={`Service specifications in ${category?.name ?? ref.id}`} />
                </section>
              );
            })}
          </CardContent>
        </Card>
      ))}

      {uncategorised.length > 0 ? (
        <section className="flex flex-col gap-2">
          <h2 className="text-lg font-semibold">Specifications outside the catalogue&apos;s categories</h2>
          <SpecificationTable specifications={uncategorised} caption="Service specifications outside every catalogue category" />
        </section>
      ) : null}
    </div>
  );
}
