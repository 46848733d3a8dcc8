import { Badge, Card, CardContent, CardHeader, CardTitle, EmptyState, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { domainPartyRoleLabels, domainPartyRoles, listDomainParties } from "@/server/operations/parties";
import { requireUser } from "@/server/session";
import { shortId } from "../format";
import { AddPartyForm, PartyRolesForm, PartyStateForm } from "./forms";

export const dynamic = "force-dynamic";

const roleOptions = domainPartyRoles.map((role) => ({ value: role, label: domainPartyRoleLabels[role] }));

export default async function PartiesPage() {
  await requireUser(["domainOwner"], "/parties");
  const parties = await listDomainParties(db());

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Parties"
        description="TMF632 organizations and individuals of this domain, with their roles here. A deactivated party keeps its TMF632 record."
      />
      <Card>
        <CardHeader>
          <CardTitle>Add a party</CardTitle>
        </CardHeader>
        <CardContent>
          <AddPartyForm roles={roleOptions} />
        </CardContent>
      </Card>
      {parties.length === 0 ? (
        <EmptyState title="No parties yet" description="The domain owner's organization appears here after the first start." />
      ) : (
        <Table>
          <caption className="sr-only">Parties of the domain</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Party</TableHead>
              <TableHead>Kind</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Roles</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {parties.map((party) => (
              <TableRow key={party.id} id={`party-${party.id}`}>
                <TableCell>
                  <span className="font-medium">{party.name}</span>
                  <span className="block font-mono text-xs text-muted-foreground">{shortId(party.id)}</span>
                </TableCell>
                <TableCell>
                  <Badge variant="outline">{party.partyType}</Badge>
                </TableCell>
                <TableCell>
                  <StateBadge state={party.state} />
                </TableCell>
                <TableCell>
                  <PartyRolesForm partyId={party.id} partyName={party.name} roles={roleOptions} selected={party.roles} />
                </TableCell>
                <TableCell>
                  <PartyStateForm partyId={party.id} partyName={party.name} state={party.state} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
