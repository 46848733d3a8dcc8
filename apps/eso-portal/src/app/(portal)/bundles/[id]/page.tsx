import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { characteristicSpecification } from "@cop-pilot/tmf-schemas";
import { TmfError } from "@cop-pilot/tmf-server";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, KeyValueList, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import { loadBundle } from "@/server/bundles/design";
import { db } from "@/server/db";
import { requireUser } from "@/server/session";
import { OrderForm } from "../../marketplace/[id]/order-form";

export const dynamic = "force-dynamic";

export default async function BundlePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(["platformAdmin", "serviceDesigner", "customer"], `/bundles/${id}`);
  const bundle = await loadBundle(db(), id).catch((error: unknown) => {
    if (error instanceof TmfError && error.code === "notFound") notFound();
    throw error;
  });
  const partNames = new Map(bundle.parts.map((part) => [part.id, part.name]));
  const orderable = bundle.lifecycleStatus === "Active" || bundle.lifecycleStatus === "Launched";
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={bundle.name}
        description={bundle.description ?? undefined}
        actions={
          <Link href="/bundles" className="text-sm underline-offset-4 hover:underline">
            All bundles
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader>
            <CardTitle as="h2">Order this bundle</CardTitle>
            <CardDescription>The ESO places one order at each domain below and completes when every part has.</CardDescription>
          </CardHeader>
          <CardContent>
            {orderable ? (
              <OrderForm specificationId={bundle.id} characteristics={z.array(characteristicSpecification).parse(bundle.characteristics)} />
            ) : (
              <p className="text-sm text-muted-foreground">The bundle is {bundle.lifecycleStatus ?? "without a lifecycle status"}; only Active or Launched bundles can be ordered.</p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h2">Bundle</CardTitle>
          </CardHeader>
          <CardContent>
            <KeyValueList
              items={[
                { label: "Id", value: <span className="font-mono text-xs">{bundle.id}</span> },
                { label: "Version", value: bundle.version },
                { label: "Status", value: bundle.lifecycleStatus ? <StateBadge state={bundle.lifecycleStatus} /> : null },
                { label: "Domains", value: String(new Set(bundle.parts.map((part) => part.domainName)).size) },
              ]}
            />
          </CardContent>
        </Card>
      </div>
      <section aria-labelledby="parts" className="flex flex-col gap-3">
        <h2 id="parts" className="text-lg font-semibold">
          Parts
        </h2>
        <Table>
          <caption className="sr-only">Parts of the bundle</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Specification</TableHead>
              <TableHead>Domain</TableHead>
              <TableHead>Status</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {bundle.parts.map((part) => (
              <TableRow key={part.id}>
                <TableCell>
                  <Link href={`/marketplace/${part.id}`} className="hover:underline">
                    {part.name}
                  </Link>
                </TableCell>
                <TableCell>{part.domainName ?? "removed from the platform"}</TableCell>
                <TableCell>{part.lifecycleStatus ? <StateBadge state={part.lifecycleStatus} /> : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
      <section aria-labelledby="characteristics" className="flex flex-col gap-3">
        <h2 id="characteristics" className="text-lg font-semibold">
          Characteristics
        </h2>
        {bundle.characteristics.length === 0 ? <p className="text-sm text-muted-foreground">The bundle exposes no characteristics; every part takes its defaults.</p> : null}
        <ul className="flex flex-col gap-1 text-sm">
          {bundle.characteristics.map((characteristic) => (
            <li key={characteristic.name}>
              <span className="font-mono">{characteristic.name}</span>
              <span className="text-muted-foreground"> → {characteristic.charSpecRelationship.map((mapping) => `${partNames.get(mapping.parentSpecificationId) ?? mapping.parentSpecificationId}.${mapping.name}`).join(", ")}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
