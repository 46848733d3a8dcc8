import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, formatUtcTimestamp } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { listDomainOwnerAccounts } from "@/server/expansion/accounts";
import { listOrganizations } from "@/server/expansion/organizations";
import { requireUser } from "@/server/session";
import { CreateAccountForm } from "../expansion/forms";

export const dynamic = "force-dynamic";

export default async function AccountsPage() {
  await requireUser(["platformAdmin"], "/accounts");
  const [accounts, organizations] = await Promise.all([listDomainOwnerAccounts(db()), listOrganizations(db())]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Domain owner accounts"
        description="Step 0 of the platform expansion: register an infrastructure owner who asked to join, with their organization, contact details and purpose."
      />
      <Card>
        <CardHeader>
          <CardTitle as="h2">New domain owner</CardTitle>
          <CardDescription>The ESO generates the password and shows it once; hand it over to the owner.</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateAccountForm organizations={organizations} />
        </CardContent>
      </Card>
      {accounts.length === 0 ? (
        <EmptyState title="No domain owner has an account yet" description="Accounts created here can sign in to this portal and open the Expansion page." />
      ) : (
        <Table>
          <caption className="sr-only">Domain owner accounts</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>E-mail</TableHead>
              <TableHead>Organization</TableHead>
              <TableHead>Created</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {accounts.map((account) => (
              <TableRow key={account.userId}>
                <TableCell className="font-medium">{account.name}</TableCell>
                <TableCell>{account.email}</TableCell>
                <TableCell>{account.organizationName ?? "—"}</TableCell>
                <TableCell className="font-mono text-xs">{formatUtcTimestamp(account.createdAt.toISOString())}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
