import "server-only";
import { and, asc, eq } from "drizzle-orm";
import {
  checkRule,
  policyApiPath,
  policyRuleCreateSchema,
  policyRuleUpdateSchema,
  type PolicyCheckpoint,
  type PolicyRule,
  type PolicyRuleCreate,
} from "@cop-pilot/policy";
import { TmfError, applyMergePatch, deleteDocument, findDocument, getDocument, insertDocument, invalidBody, newId, recordAudit, replaceDocument, type AuditActor, type Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";

const { policyRule, serviceSpecification } = schema;

export const policyRuleType = "PolicyRule";

function columnsOf(rule: PolicyRule) {
  return { serviceSpecificationId: rule.serviceSpecification.id, checkpoint: rule.checkpoint, lifecycleStatus: rule.lifecycleStatus };
}

// A condition that does not parse, or an action the checkpoint cannot carry out, is well-formed JSON that
// cannot be processed: 422, with the position of the first problem in the condition.
function assertRuleIsValid(rule: PolicyRule): void {
  const problems = checkRule(rule);
  if (problems.length > 0) throw new TmfError("unprocessable", problems.map((problem) => problem.message).join("; "));
}

async function specificationRef(database: Db, id: string): Promise<PolicyRule["serviceSpecification"]> {
  const specification = await findDocument<{ id: string; href: string; name?: string; version?: string }>(database, serviceSpecification, id);
  if (!specification) throw new TmfError("unprocessable", `serviceSpecification.id: service specification "${id}" does not exist in this DO`);
  return {
    id: specification.id,
    href: specification.href,
    ...(specification.name ? { name: specification.name } : {}),
    ...(specification.version ? { version: specification.version } : {}),
    "@referredType": "ServiceSpecification",
  };
}

/** Validates a new rule and stores it; the specification it names must exist here. */
export async function createPolicyRule(database: Db, actor: AuditActor, input: unknown, baseUrl: string): Promise<PolicyRule> {
  const parsed = policyRuleCreateSchema.safeParse(input);
  if (!parsed.success) throw invalidBody(parsed.error);
  const id = newId();
  return database.transaction(async (tx) => {
    const rule: PolicyRule = {
      ...parsed.data,
      serviceSpecification: await specificationRef(tx, parsed.data.serviceSpecification.id),
      id,
      href: `${baseUrl}${policyApiPath}/policyRule/${id}`,
      lastUpdate: new Date().toISOString(),
      "@type": policyRuleType,
    };
    assertRuleIsValid(rule);
    const stored = await insertDocument<PolicyRule>(tx, policyRule, rule, columnsOf(rule));
    await recordAudit(tx, actor, {
      action: "create",
      resourceType: policyRuleType,
      resourceId: id,
      summary: `Created ${rule.checkpoint} rule "${rule.name}" on service specification ${rule.serviceSpecification.name ?? rule.serviceSpecification.id}`,
      detail: { serviceSpecificationId: rule.serviceSpecification.id },
    });
    return stored;
  });
}

/** Applies a JSON merge patch to a rule; the specification it belongs to cannot change. */
export async function updatePolicyRule(database: Db, actor: AuditActor, id: string, patch: Record<string, unknown>): Promise<PolicyRule> {
  const typed = policyRuleUpdateSchema.safeParse(Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== null)));
  if (!typed.success) throw invalidBody(typed.error);
  for (const attribute of ["id", "href", "lastUpdate", "serviceSpecification"]) {
    if (attribute in patch) throw new TmfError("invalidBody", `${attribute}: cannot be changed; create a new rule instead`);
  }
  return database.transaction(async (tx) => {
    const current = await getDocument<PolicyRule>(tx, policyRule, policyRuleType, id);
    const { id: _id, href, lastUpdate: _lastUpdate, "@type": _type, ...attributes } = applyMergePatch(current, patch) as PolicyRule;
    const checked = policyRuleCreateSchema.safeParse({ ...attributes, "@type": policyRuleType });
    if (!checked.success) throw invalidBody(checked.error);
    const rule: PolicyRule = { ...checked.data, id, href, lastUpdate: new Date().toISOString(), "@type": policyRuleType };
    assertRuleIsValid(rule);
    const stored = await replaceDocument<PolicyRule>(tx, policyRule, policyRuleType, rule, columnsOf(rule));
    await recordAudit(tx, actor, { action: "update", resourceType: policyRuleType, resourceId: id, summary: `Updated rule "${rule.name}"`, detail: { attributes: Object.keys(patch) } });
    return stored;
  });
}

export async function deletePolicyRule(database: Db, actor: AuditActor, id: string): Promise<void> {
  await database.transaction(async (tx) => {
    const rule = await getDocument<PolicyRule>(tx, policyRule, policyRuleType, id);
    await deleteDocument(tx, policyRule, policyRuleType, id);
    await recordAudit(tx, actor, { action: "delete", resourceType: policyRuleType, resourceId: id, summary: `Deleted rule "${rule.name}"` });
  });
}

/** Lists the rules of specifications, oldest first, which is the order they are evaluated in. */
export async function listRulesOfSpecification(database: Db, serviceSpecificationId: string, checkpoint?: PolicyCheckpoint): Promise<PolicyRule[]> {
  const conditions = [eq(policyRule.serviceSpecificationId, serviceSpecificationId)];
  if (checkpoint) conditions.push(eq(policyRule.checkpoint, checkpoint));
  const rows = await database
    .select({ document: policyRule.document })
    .from(policyRule)
    .where(and(...conditions))
    .orderBy(asc(policyRule.createdAt), asc(policyRule.id));
  return rows.map((row) => row.document as unknown as PolicyRule);
}

export type { PolicyRuleCreate };
