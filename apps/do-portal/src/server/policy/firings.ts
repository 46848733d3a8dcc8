import "server-only";
import { describeAction, type PolicyAction, type PolicyCheckpoint, type PolicyRule, type RuleEvaluation } from "@cop-pilot/policy";
import type { Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";

const { policyRuleFiring } = schema;

/** The order, item and service a firing concerns; all are absent for an order rejected when placed. */
export interface FiringSubject {
  serviceOrderId?: string;
  serviceOrderItemId?: string;
  serviceId?: string;
}

function messageOf(action: PolicyAction): string {
  switch (action.type) {
    case "reject":
      return `Rejected: ${action.message}`;
    case "notify":
      return action.message;
    case "setCharacteristic":
      return `Set ${action.name} to ${JSON.stringify(action.value)}`;
    case "scale":
      return `Scaled to ${action.replicas} replica(s)`;
  }
}

/** Stores one row per rule that fired or failed in `evaluation`. */
export async function recordFirings(tx: Db, checkpoint: PolicyCheckpoint, evaluation: RuleEvaluation<PolicyRule>, subject: FiringSubject): Promise<void> {
  const common = (rule: PolicyRule) => ({
    ruleId: rule.id,
    ruleName: rule.name,
    serviceSpecificationId: rule.serviceSpecification.id,
    checkpoint,
    serviceOrderId: subject.serviceOrderId ?? null,
    serviceOrderItemId: subject.serviceOrderItemId ?? null,
    serviceId: subject.serviceId ?? null,
  });
  const rows = [
    ...evaluation.fired.map(({ rule, action, inputs }) => ({ ...common(rule), outcome: "fired", action, message: messageOf(action), inputs })),
    ...evaluation.failed.map(({ rule, error, inputs }) => ({
      ...common(rule),
      outcome: "failed",
      action: rule.action,
      message: `Not evaluated: ${error}; ${describeAction(rule.action)} was not carried out`,
      inputs,
    })),
  ];
  if (rows.length > 0) await tx.insert(policyRuleFiring).values(rows);
}
