import { Card, CardContent, CardDescription, CardHeader, CardTitle, LineChart, PageHeader } from "@cop-pilot/ui";
import { env } from "@/env";
import { db } from "@/server/db";
import { deploymentSeries, nodeSeries, rangeWindow, telemetryRangeSchema, type DeploymentSeries } from "@/server/operations/telemetry-series";
import { requirePortalUser } from "@/server/session";
import { RangePicker } from "./range-picker";

export const dynamic = "force-dynamic";

function seriesName(series: DeploymentSeries): string {
  return series.serviceName ? `${series.serviceName} (${series.deploymentName})` : series.deploymentName;
}

export default async function TelemetryPage({ searchParams }: { searchParams: Promise<{ range?: string }> }) {
  await requirePortalUser("/telemetry");
  const range = telemetryRangeSchema.parse((await searchParams).range);
  const now = new Date();
  const { since } = rangeWindow(range, now);
  const window = [since.getTime(), now.getTime()] as const;
  const [nodes, deployments] = await Promise.all([nodeSeries(db(), range, now), deploymentSeries(db(), range, now)]);
  const intervalSeconds = env().TELEMETRY_INTERVAL_MS / 1000;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Telemetry"
        description={`Resource use per node and health per service, sampled from the cluster every ${intervalSeconds} s and averaged per time bucket. Times are UTC.`}
        actions={<RangePicker current={range} basePath="/telemetry" />}
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Node CPU</CardTitle>
            <CardDescription>CPU in use, in percent of each node&apos;s allocatable CPU.</CardDescription>
          </CardHeader>
          <CardContent>
            <LineChart title="CPU use per node" window={window} unit="%" valueDomain={[0, 100]} series={nodes.map((node) => ({ name: node.node, points: node.cpuPercent }))} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Node memory</CardTitle>
            <CardDescription>Memory in use, in percent of each node&apos;s allocatable memory.</CardDescription>
          </CardHeader>
          <CardContent>
            <LineChart title="Memory use per node" window={window} unit="%" valueDomain={[0, 100]} series={nodes.map((node) => ({ name: node.node, points: node.memoryPercent }))} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Service health</CardTitle>
            <CardDescription>Share of samples in which the service had a ready replica and passed its probe.</CardDescription>
          </CardHeader>
          <CardContent>
            <LineChart title="Health per service" window={window} unit="%" valueDomain={[0, 100]} series={deployments.map((series) => ({ name: seriesName(series), points: series.healthyPercent }))} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Probe latency</CardTitle>
            <CardDescription>Mean readiness probe latency per service; a Kubernetes cluster does not report it.</CardDescription>
          </CardHeader>
          <CardContent>
            <LineChart title="Probe latency per service" window={window} unit=" ms" series={deployments.map((series) => ({ name: seriesName(series), points: series.latencyMs }))} />
          </CardContent>
        </Card>
        <Card className="xl:col-span-2">
          <CardHeader>
            <CardTitle>Service CPU</CardTitle>
            <CardDescription>CPU used by all pods of each service, in millicores.</CardDescription>
          </CardHeader>
          <CardContent>
            <LineChart title="CPU use per service" window={window} unit="m" series={deployments.map((series) => ({ name: seriesName(series), points: series.cpuMillicores }))} />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
