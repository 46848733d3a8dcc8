"use server";

import { revalidatePath } from "next/cache";
import { ExpressionEvaluationError, ExpressionSyntaxError, evaluateCondition, parseExpression, policyActionTypes, policyCheckpoints, type PolicyAction, type Value } from "@cop-pilot/policy";
import { TmfError } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { env } from "@/env";
import { db } from "@/server/db";
import { createPolicyRule, deletePolicyRule, updatePolicyRule } from "@/server/policy/rules";
import { portalRoles } from "@/server/tmf/access";
import { principalOf, requireUser } from "@/server/session";

const ruleEditors = ["domainOwner", "serviceDesigner"] as const;

export type RuleFormState = { error?: string; created?: string };
export type RuleTestState = { error?: string; result?: boolean };

/** Reads a characteristic value typed in a form: a number, true or false, or else the text itself. */
function typedValue(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (trimmed === "true" || trimmed === "false") return trimmed === "true";
  if (trimmed !== "" && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return trimmed;
}

const ruleForm = z.object({
  specificationId: z.string().trim().min(1, "The specification id is missing"),
  name: z.string(),
  checkpoint: z.enum(policyCheckpoints, "Choose a checkpoint"),
  condition: z.string(),
  actionType: z.enum(policyActionTypes, "Choose an action"),
  message: z.string().default(""),
  characteristicName: z.string().default(""),
  characteristicValue: z.string().default(""),
  replicas: z.string().default(""),
});

function actionOf(form: z.infer<typeof ruleForm>): PolicyAction | Record<string, unknown> {
  switch (form.actionType) {
    case "reject":
    case "notify":
      return { type: form.actionType, message: form.message };
    case "setCharacteristic":
      return { type: "setCharacteristic", name: form.characteristicName.trim(), value: typedValue(form.characteristicValue) };
    case "scale":
      return { type: "scale", replicas: form.replicas.trim() === "" ? Number.NaN : Number(form.replicas) };
  }
}

function formValues(form: FormData): Record<string, unknown> {
  return Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string"));
}

/** Attaches a rule to the specification, through the same checks as POST policyRule. */
export async function createRule(_state: RuleFormState, form: FormData): Promise<RuleFormState> {
  const user = await requireUser(ruleEditors);
  const input = ruleForm.safeParse(formValues(form));
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Invalid input" };

  try {
    const rule = await createPolicyRule(
      db(),
      principalOf(user),
      { name: input.data.name, serviceSpecification: { id: input.data.specificationId }, checkpoint: input.data.checkpoint, condition: input.data.condition, action: actionOf(input.data) },
      env().PUBLIC_URL,
    );
    revalidatePath(`/catalog/specifications/${input.data.specificationId}/rules`);
    return { created: rule.name };
  } catch (error) {
    if (error instanceof TmfError) return { error: error.message };
    throw error;
  }
}

const ruleRef = z.object({ ruleId: z.string().trim().min(1), specificationId: z.string().trim().min(1) });

/** Enables or disables a rule; a disabled rule stays stored but is not evaluated. */
export async function setRuleStatus(form: FormData): Promise<void> {
  const user = await requireUser(ruleEditors);
  const input = ruleRef.extend({ lifecycleStatus: z.enum(["Active", "Inactive"]) }).parse(formValues(form));
  await updatePolicyRule(db(), principalOf(user), input.ruleId, { lifecycleStatus: input.lifecycleStatus });
  revalidatePath(`/catalog/specifications/${input.specificationId}/rules`);
}

export async function deleteRule(form: FormData): Promise<void> {
  const user = await requireUser(ruleEditors);
  const input = ruleRef.parse(formValues(form));
  await deletePolicyRule(db(), principalOf(user), input.ruleId);
  revalidatePath(`/catalog/specifications/${input.specificationId}/rules`);
}

const samplePattern = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/;

/** Parses sample values, one `name = value` per line; a quoted value stays text, null is null. */
function parseSamples(text: string): Record<string, Value> | string {
  const samples: Record<string, Value> = {};
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  if (lines.length > 100) return "Give at most 100 sample values";
  for (const [index, line] of lines.entries()) {
    const match = samplePattern.exec(line);
    if (!match) return `Line ${index + 1} is not "name = value": ${line.trim().slice(0, 80)}`;
    const [, name, raw] = match as unknown as [string, string, string];
    const quoted = /^"(.*)"$|^'(.*)'$/.exec(raw);
    let value: Value = typedValue(raw);
    if (quoted) value = quoted[1] ?? quoted[2] ?? "";
    else if (raw === "null") value = null;
    Object.defineProperty(samples, name, { value, enumerable: true });
  }
  return samples;
}

/** Evaluates a condition against sample values, without storing anything. */
export async function testRule(_state: RuleTestState, form: FormData): Promise<RuleTestState> {
  await requireUser(portalRoles);
  const input = z.object({ condition: z.string().max(2000), samples: z.string().max(10_000) }).safeParse(formValues(form));
  if (!input.success) return { error: "The condition or the sample values are too long" };
  const samples = parseSamples(input.data.samples);
  if (typeof samples === "string") return { error: samples };
  try {
    return { result: evaluateCondition(parseExpression(input.data.condition), samples) };
  } catch (error) {
    if (error instanceof ExpressionSyntaxError || error instanceof ExpressionEvaluationError) return { error: error.message };
    throw error;
  }
}
