import Link from "next/link";
import { notFound } from "next/navigation";
import { describeAction } from "@cop-pilot/policy";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { listRulesOfSpecification } from "@/server/policy/rules";
import { findSpecification } from "@/server/portal/catalog";
import { requirePortalUser } from "@/server/session";
import { deleteRule, setRuleStatus } from "./actions";
import { AddRuleForm, TestRuleForm } from "./rule-forms";

export const dynamic = "force-dynamic";

export default async function SpecificationRulesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePortalUser(`/catalog/specifications/${id}/rules`);
  const specification = await findSpecification(db(), id);
  if (!specification) notFound();
  const rules = await listRulesOfSpecification(db(), id);
  const canEdit = user.role === "domainOwner" || user.role === "serviceDesigner";

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`Lifecycle rules · ${specification.name}`}
        description="Rules evaluated before provisioning, after activation, on characteristic changes and on supervision ticks of this specification's services."
        actions={
          <Link href={`/catalog/specifications/${id}`} className="text-sm text-primary hover:underline">
            Back to the specification
          </Link>
        }
      />

      <Card>
        <CardHeader>
          <CardTitle as="h2">Rules</CardTitle>
          <CardDescription>Evaluated in the order shown; at one checkpoint the first reject decides.</CardDescription>
        </CardHeader>
        <CardContent>
          {rules.length === 0 ? (
            <EmptyState title="No rules yet" description="Orders and services of this specification run without lifecycle rules." />
          ) : (
            <Table>
              <caption className="sr-only">Lifecycle rules of {specification.name}</caption>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Checkpoint</TableHead>
                  <TableHead>Condition</TableHead>
                  <TableHead>Action</TableHead>
                  <TableHead>Status</TableHead>
                  {canEdit ? <TableHead>Change</TableHead> : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {rules.map((rule) => (
                  <TableRow key={rule.id} data-rule-id={rule.id}>
                    <TableCell className="font-medium">{rule.name}</TableCell>
                    <TableCell>{rule.checkpoint}</TableCell>
                    <TableCell className="font-mono text-xs">{rule.condition}</TableCell>
                    <TableCell className="font-mono text-xs">{describeAction(rule.action)}</TableCell>
                    <TableCell>
                      <StateBadge state={rule.lifecycleStatus} />
                    </TableCell>
                    {canEdit ? (
                      <TableCell>
                        <div className="flex gap-2">
                          <form action={setRuleStatus}>
                            <input type="hidden" name="ruleId" value={rule.id} />
                            <input type="hidden" name="specificationId" value={id} />
                            <input type="hidden" name="lifecycleStatus" value={rule.lifecycleStatus === "Active" ? "Inactive" : "Active"} />
                            <Button type="submit" size="sm" variant="outline">
                              {rule.lifecycleStatus === "Active" ? "Disable" : "Enable"}
                              <span className="sr-only"> {rule.name}</span>
                            </Button>
                          </form>
                          <form action={deleteRule}>
                            <input type="hidden" name="ruleId" value={rule.id} />
                            <input type="hidden" name="specificationId" value={id} />
                            <Button type="submit" size="sm" variant="ghost">
                              Delete<span className="sr-only"> {rule.name}</span>
                            </Button>
                          </form>
                        </div>
                      </TableCell>
                    ) : null}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      {canEdit ? (
        <Card>
          <CardHeader>
            <CardTitle as="h2">Add a rule</CardTitle>
            <CardDescription>A condition that does not parse is rejected with the position of the problem.</CardDescription>
          </CardHeader>
          <CardContent>
            <AddRuleForm specificationId={id} />
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle as="h2">Test a rule</CardTitle>
          <CardDescription>Evaluates a condition against sample values; nothing is stored.</CardDescription>
        </CardHeader>
        <CardContent>
          <TestRuleForm />
        </CardContent>
      </Card>
    </div>
  );
}
