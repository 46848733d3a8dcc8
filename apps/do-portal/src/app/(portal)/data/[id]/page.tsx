import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, KeyValueList, PageHeader, Stat, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import { TmfError } from "@cop-pilot/tmf-server";
import { loadDatasetDetail } from "@/server/data/datasets";
import { dataManagementEnabled } from "@/server/data/ngsi-ld";
import { requirePortalUser } from "@/server/session";
import { formatTime } from "../../format";
import { revokeGrantAction } from "../actions";
import { AddConnectorForm, CsvUploadForm, PipelineForm, RunPullForm } from "../forms";

export const dynamic = "force-dynamic";

const connectorKinds = { "ngsi-ld": "NGSI-LD push", "http-pull": "HTTP pull", csv: "CSV upload" } as const;

async function load(id: string) {
  try {
    return await loadDatasetDetail(id);
  } catch (error) {
    if (error instanceof TmfError && error.code === "notFound") notFound();
    throw error;
  }
}

export default async function DatasetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePortalUser(`/data/${id}`);
  if (!dataManagementEnabled()) notFound();
  const { dataset, statistics, connectors, rejected, grants, endpoint } = await load(id);
  const owner = user.role === "domainOwner";
  const { description } = dataset;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={dataset.title} description={description.description} />
      <div className="grid gap-4 sm:grid-cols-4">
        <Stat label="Entities" value={statistics.entities} />
        <Stat label="Readings" value={statistics.attributeInstances} />
        <Stat label="Last observed" value={formatTime(statistics.lastObservedAt?.toISOString())} />
        <Stat label="Rejected records" value={statistics.rejectedRecords} />
      </div>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Description</CardTitle>
        </CardHeader>
        <CardContent>
          <KeyValueList
            items={[
              { label: "Entity type", value: <code>{dataset.entityType}</code> },
              { label: "Keywords", value: description.keywords.join(", ") },
              { label: "Spatial coverage", value: description.spatial?.name },
              { label: "Temporal coverage", value: description.temporal ? `${description.temporal.startDate} – ${description.temporal.endDate ?? "ongoing"}` : undefined },
              { label: "Licence", value: description.license },
              { label: "Publisher", value: description.publisher },
              { label: "Update frequency", value: description.accrualPeriodicity },
              { label: "NGSI-LD endpoint", value: <code className="break-all">{`${endpoint}?type=${dataset.entityType}`}</code> },
              {
                label: "DaaS specification",
                value: dataset.serviceSpecificationId ? (
                  <Link href={`/catalog/specifications/${dataset.serviceSpecificationId}`} className="text-primary hover:underline">
                    {dataset.serviceSpecificationId}
                  </Link>
                ) : undefined,
              },
            ]}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Connectors</CardTitle>
          <CardDescription>Every connector validates what it receives; rejected records are listed below with the reason.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          {connectors.length === 0 ? (
            <EmptyState title="No connectors" description="Add a CSV upload, an HTTP pull or an NGSI-LD push connector." />
          ) : (
            <Table>
              <caption className="sr-only">Connectors</caption>
              <TableHeader>
                <TableRow>
                  <TableHead>Connector</TableHead>
                  <TableHead>Kind</TableHead>
                  <TableHead>Stored</TableHead>
                  <TableHead>Rejected</TableHead>
                  <TableHead>Last run</TableHead>
                  <TableHead>Action</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {connectors.map((connector) => (
                  <TableRow key={connector.id}>
                    <TableCell className="font-medium">
                      {connector.name}
                      {connector.lastError ? <span className="block text-xs text-destructive">{connector.lastError}</span> : null}
                    </TableCell>
                    <TableCell>
                      <Badge variant="outline">{connectorKinds[connector.kind]}</Badge>
                    </TableCell>
                    <TableCell className="tabular-nums">{connector.acceptedCount}</TableCell>
                    <TableCell className="tabular-nums">{connector.rejectedCount}</TableCell>
                    <TableCell>{formatTime(connector.lastRunAt?.toISOString())}</TableCell>
                    <TableCell>
                      {owner && connector.kind === "csv" ? <CsvUploadForm datasetId={dataset.id} connectorId={connector.id} connectorName={connector.name} /> : null}
                      {owner && connector.kind === "http-pull" ? <RunPullForm datasetId={dataset.id} connectorId={connector.id} /> : null}
                      {connector.kind === "ngsi-ld" ? <span className="text-xs text-muted-foreground">POST to /ngsi-ld/v1/entityOperations/upsert with its token</span> : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {owner ? <AddConnectorForm datasetId={dataset.id} /> : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Pipeline</CardTitle>
          <CardDescription>Steps applied in order to every record before it is stored: select, rename, convertUnit, dropOutOfRange, aggregate.</CardDescription>
        </CardHeader>
        <CardContent>
          {owner ? (
            <PipelineForm datasetId={dataset.id} pipeline={JSON.stringify(dataset.pipeline, null, 2)} />
          ) : (
            <pre className="text-xs">{JSON.stringify(dataset.pipeline, null, 2)}</pre>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Rejected records</CardTitle>
          <CardDescription>The 50 most recent.</CardDescription>
        </CardHeader>
        <CardContent>
          {rejected.length === 0 ? (
            <p className="text-sm text-muted-foreground">No rejected records.</p>
          ) : (
            <Table>
              <caption className="sr-only">Rejected records</caption>
              <TableHeader>
                <TableRow>
                  <TableHead>Received</TableHead>
                  <TableHead>Record</TableHead>
                  <TableHead>Reason</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rejected.map((record) => (
                  <TableRow key={record.id}>
                    <TableCell className="whitespace-nowrap">{formatTime(record.receivedAt.toISOString())}</TableCell>
                    <TableCell className="max-w-xs truncate font-mono text-xs" title={JSON.stringify(record.record)}>
                      {/* Stored indexes count records from 0; people count them from 1. */}
                      #{record.recordIndex + 1} {JSON.stringify(record.record)}
                    </TableCell>
                    <TableCell>{record.reason}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Access grants</CardTitle>
          <CardDescription>Created when another domain&apos;s order of the DaaS specification becomes an active service, and revoked when that service ends.</CardDescription>
        </CardHeader>
        <CardContent>
          {grants.length === 0 ? (
            <p className="text-sm text-muted-foreground">No other domain has used access to this dataset yet.</p>
          ) : (
            <Table>
              <caption className="sr-only">Access grants</caption>
              <TableHeader>
                <TableRow>
                  <TableHead>Party</TableHead>
                  <TableHead>Mode</TableHead>
                  <TableHead>Service</TableHead>
                  <TableHead>Granted</TableHead>
                  <TableHead>State</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {grants.map((grant) => (
                  <TableRow key={grant.id}>
                    <TableCell>{grant.consumerParty}</TableCell>
                    <TableCell>{grant.accessMode}</TableCell>
                    <TableCell className="font-mono text-xs">{grant.serviceId}</TableCell>
                    <TableCell>{formatTime(grant.grantedAt.toISOString())}</TableCell>
                    <TableCell>
                      {grant.revokedAt ? (
                        <span title={grant.revocationReason ?? undefined}>
                          <StateBadge state="revoked" />
                        </span>
                      ) : owner ? (
                        <form action={revokeGrantAction}>
                          <input type="hidden" name="grantId" value={grant.id} />
                          <input type="hidden" name="datasetId" value={dataset.id} />
                          <Button type="submit" size="sm" variant="destructive">
                            Revoke
                          </Button>
                        </form>
                      ) : (
                        <StateBadge state="active" />
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
