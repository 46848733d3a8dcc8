import { z } from "zod";
import { ExpressionEvaluationError, ExpressionSyntaxError, evaluateCondition, parseExpression, variablesOf, type Expression, type Value } from "./expression";

/**
 * Points in a service's life at which rules are evaluated: before the DO deploys an ordered item, once the
 * service is active, when a modify order changes characteristics, and on each periodic supervision tick.
 */
export const policyCheckpoints = ["beforeProvisioning", "afterActivation", "onCharacteristicChange", "supervision"] as const;
export type PolicyCheckpoint = (typeof policyCheckpoints)[number];

export const policyActionTypes = ["reject", "setCharacteristic", "scale", "notify"] as const;
export type PolicyActionType = (typeof policyActionTypes)[number];

/** Actions that make sense at each checkpoint: nothing is left to reject once a service runs or is supervised. */
export const actionsByCheckpoint: Record<PolicyCheckpoint, readonly PolicyActionType[]> = {
  beforeProvisioning: ["reject", "setCharacteristic", "scale", "notify"],
  afterActivation: ["setCharacteristic", "scale", "notify"],
  onCharacteristicChange: ["reject", "setCharacteristic", "scale", "notify"],
  supervision: ["setCharacteristic", "scale", "notify"],
};

/** Replica count a `scale` action may set; the same bound as the deployment requests of the cluster driver. */
export const maxScaleReplicas = 100;

const messageSchema = z.string().trim().min(1, "must not be empty").max(500, "must be at most 500 characters");
const characteristicValueSchema = z.union([z.string().max(500), z.number().finite(), z.boolean()]);

export const policyActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("reject"), message: messageSchema }).strict(),
  z
    .object({
      type: z.literal("setCharacteristic"),
      name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/, "must be a characteristic name: letters, digits, _, . and -, starting with a letter or _"),
      value: characteristicValueSchema,
    })
    .strict(),
  z.object({ type: z.literal("scale"), replicas: z.number().int().min(0).max(maxScaleReplicas) }).strict(),
  z.object({ type: z.literal("notify"), message: messageSchema }).strict(),
]);
export type PolicyAction = z.infer<typeof policyActionSchema>;

export const policyLifecycleStatuses = ["Active", "Inactive"] as const;

export const specificationRefSchema = z
  .object({
    id: z.string().min(1).max(200),
    name: z.string().max(200).optional(),
    href: z.string().max(2000).optional(),
    version: z.string().max(50).optional(),
    "@referredType": z.literal("ServiceSpecification").optional(),
  })
  .strict();

/** Body of a POST that creates a rule; the server assigns id, href and lastUpdate. */
export const policyRuleCreateSchema = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters"),
    description: z.string().max(1000).optional(),
    serviceSpecification: specificationRefSchema,
    checkpoint: z.enum(policyCheckpoints),
    condition: z.string().min(1, "must not be empty"),
    action: policyActionSchema,
    lifecycleStatus: z.enum(policyLifecycleStatuses).default("Active"),
    "@type": z.literal("PolicyRule").optional(),
  })
  .strict();
export type PolicyRuleCreate = z.input<typeof policyRuleCreateSchema>;

/** Attributes a PATCH may change; the specification a rule belongs to is fixed. */
export const policyRuleUpdateSchema = policyRuleCreateSchema.omit({ serviceSpecification: true }).partial().strict();
export type PolicyRuleUpdate = z.infer<typeof policyRuleUpdateSchema>;

export const policyRuleSchema = policyRuleCreateSchema.extend({
  id: z.string(),
  href: z.string(),
  lastUpdate: z.string(),
  "@type": z.literal("PolicyRule"),
});
export type PolicyRule = z.infer<typeof policyRuleSchema>;

export interface RuleProblem {
  field: "condition" | "action";
  message: string;
  /** 0-based offset in the condition, for a condition that does not parse. */
  position?: number;
}

/**
 * Checks what the schema cannot: that the condition parses and that the action is allowed at the
 * checkpoint. Returns the problems, empty when the rule can be stored.
 */
export function checkRule(rule: Pick<PolicyRule, "checkpoint" | "condition" | "action">): RuleProblem[] {
  const problems: RuleProblem[] = [];
  try {
    parseExpression(rule.condition);
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    problems.push({ field: "condition", message: `condition: ${error.message}`, position: error.position });
  }
  const allowed = actionsByCheckpoint[rule.checkpoint];
  if (!allowed.includes(rule.action.type)) {
    problems.push({ field: "action", message: `action: "${rule.action.type}" is not allowed at checkpoint "${rule.checkpoint}"; use one of ${allowed.join(", ")}` });
  }
  return problems;
}

/** Writes an action the way the docs and the portal show it, such as `reject("At most 5 replicas")`. */
export function describeAction(action: PolicyAction): string {
  switch (action.type) {
    case "reject":
    case "notify":
      return `${action.type}(${JSON.stringify(action.message)})`;
    case "setCharacteristic":
      return `setCharacteristic(${JSON.stringify(action.name)}, ${JSON.stringify(action.value)})`;
    case "scale":
      return `scale(${action.replicas})`;
  }
}

/** Turns TMF characteristic values into expression variables; values that are objects or lists read as null. */
export function characteristicVariables(characteristics: readonly { name: string; value?: unknown }[]): Record<string, Value> {
  const variables: Record<string, Value> = {};
  for (const characteristic of characteristics) {
    const { value } = characteristic;
    const scalar = typeof value === "number" || typeof value === "string" || typeof value === "boolean" ? value : null;
    Object.defineProperty(variables, characteristic.name, { value: scalar, enumerable: true, configurable: true, writable: true });
  }
  return variables;
}

export interface RuleOutcome<TRule> {
  rule: TRule;
  /** Variables the condition read, with the values it saw. */
  inputs: Record<string, Value>;
}

export interface RuleEvaluation<TRule> {
  /** Rules whose condition held, in the order given. */
  fired: (RuleOutcome<TRule> & { action: PolicyAction })[];
  /** Rules that could not be evaluated, with the reason; they do not fire. */
  failed: (RuleOutcome<TRule> & { error: string })[];
}

type EvaluableRule = Pick<PolicyRule, "checkpoint" | "condition" | "action" | "lifecycleStatus">;

function inputsOf(expression: Expression | undefined, variables: Record<string, Value>): Record<string, Value> {
  const inputs: Record<string, Value> = {};
  if (!expression) return inputs;
  const read = (name: string) => (Object.hasOwn(variables, name) ? (variables[name] ?? null) : null);
  for (const name of variablesOf(expression)) inputs[name] = read(name);
  return inputs;
}

/**
 * Evaluates the active rules of one checkpoint with the given variables. Rules of other checkpoints and
 * inactive rules are skipped. A rule whose stored condition no longer parses, or does not yield a
 * boolean, lands in `failed` and does not fire.
 */
export function evaluateRules<TRule extends EvaluableRule>(rules: readonly TRule[], checkpoint: PolicyCheckpoint, variables: Record<string, Value>): RuleEvaluation<TRule> {
  const evaluation: RuleEvaluation<TRule> = { fired: [], failed: [] };
  for (const rule of rules) {
    if (rule.checkpoint !== checkpoint || rule.lifecycleStatus !== "Active") continue;
    let expression: Expression | undefined;
    try {
      expression = parseExpression(rule.condition);
      if (evaluateCondition(expression, variables)) evaluation.fired.push({ rule, action: rule.action, inputs: inputsOf(expression, variables) });
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError || error instanceof ExpressionEvaluationError)) throw error;
      evaluation.failed.push({ rule, error: error.message, inputs: inputsOf(expression, variables) });
    }
  }
  return evaluation;
}

/** Returns the first reject action among fired rules, which decides the checkpoint. */
export function firstRejection<TRule>(evaluation: RuleEvaluation<TRule>): (RuleOutcome<TRule> & { action: Extract<PolicyAction, { type: "reject" }> }) | undefined {
  return evaluation.fired.find((outcome): outcome is RuleOutcome<TRule> & { action: Extract<PolicyAction, { type: "reject" }> } => outcome.action.type === "reject");
}

/** Base path of the policy API. TM Forum publishes no Open API for lifecycle rules, so the path follows its conventions. */
export const policyApiPath = "/tmf-api/policyManagement/v4";
