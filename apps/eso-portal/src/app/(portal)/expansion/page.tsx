import Link from "next/link";
import { formatCpuMillicores, formatMemoryBytes, parseQuantity } from "@cop-pilot/cluster";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, StandInNotice, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, buttonVariants, formatUtcTimestamp } from "@cop-pilot/ui";
import { AutoRefresh } from "@/components/auto-refresh";
import { db } from "@/server/db";
import { listClusters, type ClusterNodeView } from "@/server/expansion/clusters";
import { domainOrchestratorSpecificationId, listDeployments } from "@/server/expansion/domain-orchestrators";
import { listFabricNetworks } from "@/server/expansion/fabric-networks";
import { listIdentities } from "@/server/expansion/identities";
import { listOrganizations } from "@/server/expansion/organizations";
import { userPrincipal } from "@/server/principal";
import { requireUser } from "@/server/session";
import { refreshIdentitiesAction } from "./actions";
import { CreateIdentityForm, RegisterClusterForm, RemoveButton } from "./forms";

export const dynamic = "force-dynamic";

function capacity(nodes: ClusterNodeView[], pick: "capacity" | "allocatable"): string {
  const cpu = nodes.reduce((total, node) => total + parseQuantity(node[pick].cpu), 0);
  const memory = nodes.reduce((total, node) => total + parseQuantity(node[pick].memory), 0);
  return `${formatCpuMillicores(cpu * 1000)} CPU · ${formatMemoryBytes(memory)}`;
}

function Step({ number, title, description, children }: { number: number; title: string; description: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`step-${number}`} className="flex flex-col gap-3">
      <div>
        <h2 id={`step-${number}`} className="text-lg font-semibold">
          Step {number}: {title}
        </h2>
        <p className="text-sm text-muted-foreground">{description}</p>
      </div>
      {children}
    </section>
  );
}

export default async function ExpansionPage() {
  const user = await requireUser(["platformAdmin", "domainOwner"], "/expansion");
  const principal = userPrincipal(user);
  if (user.role === "domainOwner" && !user.organizationId) {
    return <EmptyState title="Your account belongs to no organization" description="Ask a platform admin to link your account to your organization before you onboard a domain." />;
  }
  const [networks, identities, clusters, deployments, organizations] = await Promise.all([
    listFabricNetworks(db()),
    listIdentities(db(), principal),
    listClusters(db(), principal),
    listDeployments(db(), principal),
    user.role === "platformAdmin" ? listOrganizations(db()) : Promise.resolve([]),
  ]);
  const domainIdentities = identities.filter((identity) => identity.purpose === "domain");
  const connected = domainIdentities.filter((identity) => identity.status === "connected");
  const changing = domainIdentities.some((identity) => identity.status !== "connected") || deployments.some((deployment) => !["completed", "failed"].includes(deployment.state));
  const simulatedFabric = networks.some((network) => network.kind === "simulated");
  const clusterName = new Map(clusters.map((cluster) => [cluster.id, cluster.name]));

  return (
    <div className="flex flex-col gap-8">
      {changing ? <AutoRefresh intervalMs={2000} /> : null}
      {simulatedFabric ? (
        <StandInNotice
          component="fabric"
          detail="the ESO creates the cluster's fabric service and policies in its simulated controller, then connects to the cluster directly; no traffic goes through a fabric"
        />
      ) : null}
      {clusters.some((cluster) => cluster.kind === "simulated") ? (
        <StandInNotice component="clusters" detail="a DO ordered into a simulated cluster runs as a local process of this ESO; other deployments are not real" />
      ) : null}
      <PageHeader
        title="Platform expansion"
        description="Bring a new domain onto the platform: a fabric identity for the domain, the fabric client, a compute cluster, and a Domain Orchestrator deployed into it."
      />

      <Step number={1} title="Fabric identity" description="Create the domain's identity on the fabric and download its one-time enrollment token.">
        {networks.length === 0 ? (
          <EmptyState title="The ESO is bound to no fabric network yet" description="A platform admin binds one on the Fabric page first." />
        ) : (
          <Card>
            <CardContent className="pt-5">
              <CreateIdentityForm networks={networks} organizations={organizations} askOrganization={user.role === "platformAdmin"} />
            </CardContent>
          </Card>
        )}
        {domainIdentities.length > 0 ? (
          <Table>
            <caption className="sr-only">Domain identities</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Identity</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Last poll</TableHead>
                <TableHead>Enrollment token</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {domainIdentities.map((identity) => (
                <TableRow key={identity.id} data-identity={identity.name}>
                  <TableCell>
                    <span className="font-medium">{identity.name}</span>
                    <div className="text-xs text-muted-foreground">
                      {identity.domainName}
                      {identity.locationName ? ` · ${identity.locationName}` : ""}
                    </div>
                  </TableCell>
                  <TableCell>
                    <StateBadge state={identity.status} />
                    {identity.lastError ? <div className="mt-1 max-w-xs text-xs text-destructive">{identity.lastError}</div> : null}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{identity.lastCheckedAt ? formatUtcTimestamp(identity.lastCheckedAt) : "not yet"}</TableCell>
                  <TableCell>
                    {identity.enrolled ? (
                      <span className="text-xs text-muted-foreground">used</span>
                    ) : (
                      <a href={`/api/expansion/identities/${identity.id}/enrollment-token`} download={`${identity.name}.jwt`} className={buttonVariants({ variant: "outline", size: "sm" })}>
                        Download {identity.name}.jwt
                      </a>
                    )}
                  </TableCell>
                  <TableCell>
                    <RemoveButton id={identity.id} kind="identity" label={`Delete identity ${identity.name}`} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </Step>

      <Step number={2} title="Fabric client" description="Run the fabric client in the new domain with the token. The ESO polls the controller and shows the domain connected once the identity has enrolled and is online.">
        <Card>
          <CardContent className="flex flex-col gap-2 pt-5 text-sm">
            <p>With the simulated fabric, run this in a checkout of the platform, and keep it running:</p>
            <pre className="overflow-x-auto rounded bg-muted p-3 font-mono text-xs">npm run fabric-client -- --token ~/Downloads/{domainIdentities[0]?.name ?? "oulu-harbour"}.jwt</pre>
            <p className="text-muted-foreground">With an OpenZiti controller, enroll the token with the OpenZiti tunneler (ziti-edge-tunnel) on a host of the domain instead.</p>
            <form action={refreshIdentitiesAction}>
              <Button type="submit" variant="outline" size="sm">
                Poll the fabric now
              </Button>
            </form>
          </CardContent>
        </Card>
      </Step>

      <Step number={3} title="Compute cluster" description="Register the cluster that will host the domain's DO. The ESO exposes its API server through the fabric, connects, and reads its version, nodes and capacity.">
        {connected.length === 0 ? (
          <EmptyState title="No connected identity yet" description="A cluster is registered through a connected fabric identity; finish steps 1 and 2 first." />
        ) : (
          <Card>
            <CardContent className="pt-5">
              <RegisterClusterForm identities={connected} />
            </CardContent>
          </Card>
        )}
        {clusters.length > 0 ? (
          <Table>
            <caption className="sr-only">Registered clusters</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Cluster</TableHead>
                <TableHead>Kubernetes</TableHead>
                <TableHead>Nodes</TableHead>
                <TableHead>Capacity</TableHead>
                <TableHead>Allocatable</TableHead>
                <TableHead>Connection</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {clusters.map((cluster) => (
                <TableRow key={cluster.id} data-cluster={cluster.name}>
                  <TableCell>
                    <span className="font-medium">{cluster.name}</span>
                    <div className="text-xs text-muted-foreground">
                      {cluster.domainName} · {cluster.kind}
                    </div>
                    {cluster.lastError ? <div className="mt-1 max-w-xs text-xs text-destructive">{cluster.lastError}</div> : null}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{cluster.version ?? "—"}</TableCell>
                  <TableCell className="text-xs">
                    {cluster.nodes.map((node) => (
                      <div key={node.name}>
                        {node.name} ({node.roles.join(", ") || "no role"}){node.ready ? "" : " · not ready"}
                      </div>
                    ))}
                  </TableCell>
                  <TableCell className="text-xs tabular-nums">{capacity(cluster.nodes, "capacity")}</TableCell>
                  <TableCell className="text-xs tabular-nums">{capacity(cluster.nodes, "allocatable")}</TableCell>
                  <TableCell>
                    <StateBadge state={cluster.status} />
                    <div className="text-xs text-muted-foreground">{cluster.connection === "direct" ? "direct (simulated fabric)" : "API server exposed through the fabric"}</div>
                  </TableCell>
                  <TableCell>
                    <RemoveButton id={cluster.id} kind="cluster" label={`Remove cluster ${cluster.name}`} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </Step>

      <Step number={4} title="Domain Orchestrator" description="Order the COP-PILOT Domain Orchestrator service into the cluster. The order completes when the rollout is done; then the ESO peers with the new DO and its services join the marketplace.">
        <div>
          <Link href={`/marketplace/${domainOrchestratorSpecificationId}`} className={buttonVariants()}>
            Order a Domain Orchestrator
          </Link>
        </div>
        {deployments.length > 0 ? (
          <Table>
            <caption className="sr-only">Ordered Domain Orchestrators</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Domain</TableHead>
                <TableHead>Cluster</TableHead>
                <TableHead>State</TableHead>
                <TableHead>DO portal</TableHead>
                <TableHead>Order</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {deployments.map((deployment) => (
                <TableRow key={deployment.id} data-deployment={deployment.domainId}>
                  <TableCell>
                    <span className="font-medium">{deployment.domainName}</span>
                    <div className="font-mono text-xs text-muted-foreground">
                      {deployment.artifact.name}:{deployment.artifact.version}
                    </div>
                  </TableCell>
                  <TableCell>{clusterName.get(deployment.clusterId) ?? "—"}</TableCell>
                  <TableCell>
                    <StateBadge state={deployment.state} />
                    {deployment.lastError ? <div className="mt-1 max-w-xs text-xs text-muted-foreground">{deployment.lastError}</div> : null}
                  </TableCell>
                  <TableCell>
                    {deployment.endpoint ? (
                      <a href={deployment.endpoint} className="font-mono text-xs underline-offset-4 hover:underline">
                        {deployment.endpoint}
                      </a>
                    ) : (
                      "—"
                    )}
                    {deployment.portalAccount ? (
                      <div className="text-xs text-muted-foreground">
                        Sign in as {deployment.portalAccount.email} with <code data-testid="do-portal-password">{deployment.portalAccount.password}</code>
                      </div>
                    ) : null}
                  </TableCell>
                  <TableCell>
                    <Link href={`/orders/${deployment.serviceOrderId}`} className="text-sm underline-offset-4 hover:underline">
                      View order
                    </Link>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </Step>
    </div>
  );
}
