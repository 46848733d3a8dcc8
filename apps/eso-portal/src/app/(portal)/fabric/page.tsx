import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, StandInNotice, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import { env } from "@/env";
import { db } from "@/server/db";
import { listFabricNetworks } from "@/server/expansion/fabric-networks";
import { listIdentities } from "@/server/expansion/identities";
import { listOrganizations } from "@/server/expansion/organizations";
import { userPrincipal } from "@/server/principal";
import { requireUser } from "@/server/session";
import { AddFabricNetworkForm, CreateIdentityForm, RemoveButton } from "../expansion/forms";

export const dynamic = "force-dynamic";

export default async function FabricPage() {
  const user = await requireUser(["platformAdmin"], "/fabric");
  const [networks, identities, organizations] = await Promise.all([listFabricNetworks(db()), listIdentities(db(), userPrincipal(user)), listOrganizations(db())]);
  const networkName = new Map(networks.map((network) => [network.id, network.name]));
  const organizationName = new Map(organizations.map((organization) => [organization.id, organization.name]));
  return (
    <div className="flex flex-col gap-6">
      {networks.some((network) => network.kind === "simulated") ? (
        <StandInNotice component="fabric" detail="the simulated controller records identities, services and policies, but routes no traffic" />
      ) : null}
      <PageHeader
        title="Secure Integration Fabric"
        description="The fabric networks the ESO is bound to, and every identity created on them. Bind a network, then create a test identity to check that the ESO can manage it."
      />
      <Card>
        <CardHeader>
          <CardTitle as="h2">Bind a fabric network</CardTitle>
          <CardDescription>The ESO signs in to the controller with these credentials before anything is saved.</CardDescription>
        </CardHeader>
        <CardContent>
          <AddFabricNetworkForm organizations={organizations} simulatedUsername={env().SIMULATED_FABRIC_USERNAME} />
        </CardContent>
      </Card>
      {networks.length === 0 ? (
        <EmptyState title="The ESO is bound to no fabric network" description="Domain owners can create identities only once a fabric network exists." />
      ) : (
        <Table>
          <caption className="sr-only">Fabric networks</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Network</TableHead>
              <TableHead>Controller</TableHead>
              <TableHead>Operator</TableHead>
              <TableHead>Identities</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {networks.map((network) => (
              <TableRow key={network.id}>
                <TableCell className="font-medium">{network.name}</TableCell>
                <TableCell>
                  <StateBadge state={network.kind === "simulated" ? "simulated" : "OpenZiti"} />
                  <div className="font-mono text-xs text-muted-foreground">{network.controllerUrl}</div>
                </TableCell>
                <TableCell>{network.organizationName ?? "—"}</TableCell>
                <TableCell className="tabular-nums">{network.identityCount}</TableCell>
                <TableCell>
                  <RemoveButton id={network.id} kind="fabricNetwork" label={`Remove fabric network ${network.name}`} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {networks.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle as="h2">Create a test identity</CardTitle>
            <CardDescription>Creates an identity on the controller for an organization, to check the ESO&apos;s access.</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateIdentityForm networks={networks} organizations={organizations} askOrganization purpose="test" />
          </CardContent>
        </Card>
      ) : null}
      {identities.length > 0 ? (
        <Table>
          <caption className="sr-only">Fabric identities</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Identity</TableHead>
              <TableHead>Network</TableHead>
              <TableHead>Organization</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {identities.map((identity) => (
              <TableRow key={identity.id}>
                <TableCell>
                  <span className="font-medium">{identity.name}</span>
                  <div className="text-xs text-muted-foreground">
                    {identity.domainName} · {identity.purpose}
                  </div>
                </TableCell>
                <TableCell>{networkName.get(identity.fabricNetworkId) ?? "—"}</TableCell>
                <TableCell>{organizationName.get(identity.organizationId) ?? identity.organizationId}</TableCell>
                <TableCell>
                  <StateBadge state={identity.status} />
                </TableCell>
                <TableCell>
                  <RemoveButton id={identity.id} kind="identity" label={`Delete identity ${identity.name}`} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </div>
  );
}
