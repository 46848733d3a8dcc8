import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, buttonVariants } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { loadDesignOverview, type DesignedSpecificationView } from "@/server/design/views";
import { requirePortalUser } from "@/server/session";

export const dynamic = "force-dynamic";

function DesignedTable({ specifications, caption, partsLabel }: { specifications: DesignedSpecificationView[]; caption: string; partsLabel: string }) {
  if (specifications.length === 0) return <p className="text-sm text-muted-foreground">None designed yet.</p>;
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Specification</TableHead>
          <TableHead>Version</TableHead>
          <TableHead>{partsLabel}</TableHead>
          <TableHead>Characteristics</TableHead>
          <TableHead>Lifecycle status</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {specifications.map((specification) => (
          <TableRow key={specification.id}>
            <TableCell>
              <Link href={`/design/${specification.id}`} className="font-medium text-primary hover:underline">
                {specification.name}
              </Link>
            </TableCell>
            <TableCell className="font-mono text-xs">{specification.version ?? "—"}</TableCell>
            <TableCell className="text-sm">
              {(specification.kind === "resourceFacing" ? specification.resourceSpecification : specification.serviceSpecRelationship).map((ref) => ref.name ?? ref.id).join(", ")}
            </TableCell>
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

export default async function DesignPage() {
  await requirePortalUser("/design");
  const overview = await loadDesignOverview(db());

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Service design"
        description="Build resource-facing services on the domain's resource specifications, and customer-facing services on those. Only Active specifications can be ordered."
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href="/design/new?kind=resourceFacing" className={buttonVariants({ variant: "default" })}>
              Design resource-facing service
            </Link>
            <Link href="/design/new?kind=customerFacing" className={buttonVariants({ variant: "outline" })}>
              Design customer-facing service
            </Link>
          </div>
        }
      />

      <Card>
        <CardHeader>
          <CardTitle as="h2">Customer-facing specifications</CardTitle>
          <CardDescription>What the ESO imports and customers order; each is realised by its resource-facing parts.</CardDescription>
        </CardHeader>
        <CardContent>
          <DesignedTable specifications={overview.customerFacing} caption="Customer-facing specifications" partsLabel="Resource-facing parts" />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Resource-facing specifications</CardTitle>
          <CardDescription>One deployment each, on the resource specifications it names.</CardDescription>
        </CardHeader>
        <CardContent>
          <DesignedTable specifications={overview.resourceFacing} caption="Resource-facing specifications" partsLabel="Resource specifications" />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Resource specifications</CardTitle>
          <CardDescription>The domain's infrastructure as TMF634 resource specifications, discovered from the cluster.</CardDescription>
        </CardHeader>
        <CardContent>
          <Table>
            <caption className="sr-only">Resource specifications</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Resource specification</TableHead>
                <TableHead>Version</TableHead>
                <TableHead>Category</TableHead>
                <TableHead>Characteristics</TableHead>
                <TableHead>Lifecycle status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {overview.resourceSpecifications.map((specification) => (
                <TableRow key={specification.id}>
                  <TableCell>
                    <span className="font-medium">{specification.name}</span>
                    {specification.description ? <span className="block text-xs text-muted-foreground">{specification.description}</span> : null}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{specification.version ?? "—"}</TableCell>
                  <TableCell className="text-sm">{specification.category ?? "—"}</TableCell>
                  <TableCell className="tabular-nums">{specification.characteristicCount}</TableCell>
                  <TableCell>
                    <StateBadge state={specification.lifecycleStatus ?? "unknown"} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}
