import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import { loadDatasetOverview } from "@/server/data/datasets";
import { dataManagementEnabled } from "@/server/data/ngsi-ld";
import { currentDomain } from "@/server/domain";
import { requirePortalUser } from "@/server/session";
import { formatTime } from "../format";
import { NewDatasetForm } from "./forms";

export const dynamic = "force-dynamic";

export default async function DataPage() {
  const user = await requirePortalUser("/data");
  if (!dataManagementEnabled()) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader title="Data" />
        <EmptyState title="No Data Management in this domain" description="This DO runs without Data Management. Start it with DATA_MANAGEMENT=enabled to bring data in and share it." />
      </div>
    );
  }
  const overview = await loadDatasetOverview();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Data"
        description="Datasets of this domain, fed by connectors and each offered as a Data-as-a-Service specification in the service catalogue."
      />
      <p className="text-sm">
        <Link href="/data/shared" className="text-primary hover:underline">
          Read a dataset that another domain shares with you
        </Link>
      </p>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Datasets</CardTitle>
          <CardDescription>The DCAT-AP catalogue is also served at /dcat/catalog.</CardDescription>
        </CardHeader>
        <CardContent>
          {overview.length === 0 ? (
            <EmptyState title="No datasets yet" description="Create a dataset, then add a connector to bring data in." />
          ) : (
            <Table>
              <caption className="sr-only">Datasets</caption>
              <TableHeader>
                <TableRow>
                  <TableHead>Dataset</TableHead>
                  <TableHead>Entity type</TableHead>
                  <TableHead>Entities</TableHead>
                  <TableHead>Readings</TableHead>
                  <TableHead>Last observed</TableHead>
                  <TableHead>Rejected records</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {overview.map(({ dataset, statistics }) => (
                  <TableRow key={dataset.id}>
                    <TableCell>
                      <Link href={`/data/${dataset.id}`} className="font-medium text-primary hover:underline">
                        {dataset.title}
                      </Link>
                    </TableCell>
                    <TableCell className="font-mono text-xs">{dataset.entityType}</TableCell>
                    <TableCell className="tabular-nums">{statistics.entities}</TableCell>
                    <TableCell className="tabular-nums">{statistics.attributeInstances}</TableCell>
                    <TableCell>{formatTime(statistics.lastObservedAt?.toISOString())}</TableCell>
                    <TableCell className="tabular-nums">{statistics.rejectedRecords}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
      {user.role === "domainOwner" ? (
        <Card>
          <CardHeader>
            <CardTitle as="h2">New dataset</CardTitle>
            <CardDescription>Described with DCAT-AP terms; its DaaS specification is published in the service catalogue at once.</CardDescription>
          </CardHeader>
          <CardContent>
            <NewDatasetForm publisher={currentDomain().name} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
