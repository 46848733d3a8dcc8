import { describe, expect, it } from "vitest";
import { characteristicVariables, checkRule, describeAction, evaluateRules, firstRejection, policyRuleCreateSchema, type PolicyRule } from "./rule";

function rule(overrides: Partial<PolicyRule>): PolicyRule {
  return {
    id: "r1",
    href: "/r1",
    lastUpdate: "2026-01-01T00:00:00.000Z",
    "@type": "PolicyRule",
    name: "rule",
    serviceSpecification: { id: "spec" },
    checkpoint: "beforeProvisioning",
    condition: "replicas > 5",
    action: { type: "reject", message: "At most 5 replicas" },
    lifecycleStatus: "Active",
    ...overrides,
  };
}

describe("checkRule", () => {
  it("accepts the replica limit rule", () => {
    expect(checkRule(rule({}))).toEqual([]);
  });

  it("names the position of a condition that does not parse", () => {
    const [problem] = checkRule(rule({ condition: "replicas >> 5" }));

    expect(problem?.field).toBe("condition");
    expect(problem?.position).toBe(10);
    expect(problem?.message).toMatch(/^condition: Unexpected ">".*at position 11$/);
  });

  it("rejects a reject action at the supervision checkpoint", () => {
    const problems = checkRule(rule({ checkpoint: "supervision" }));

    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/"reject" is not allowed at checkpoint "supervision"/);
  });
});

describe("policyRuleCreateSchema", () => {
  it.each([
    ["scale above the limit", { action: { type: "scale", replicas: 101 } }],
    ["fractional scale", { action: { type: "scale", replicas: 1.5 } }],
    ["unknown action", { action: { type: "exec", command: "rm" } }],
    ["empty reject message", { action: { type: "reject", message: " " } }],
    ["unknown checkpoint", { checkpoint: "whenever" }],
    ["extra attribute", { script: "x" }],
  ])("rejects %s", (_case, change) => {
    const body = { name: "r", serviceSpecification: { id: "s" }, checkpoint: "beforeProvisioning", condition: "true", action: { type: "notify", message: "m" }, ...change };

    expect(policyRuleCreateSchema.safeParse(body).success).toBe(false);
  });
});

describe("evaluateRules", () => {
  const rules = [
    rule({ id: "limit" }),
    rule({ id: "scale-up", checkpoint: "supervision", condition: "cpu > 80", action: { type: "scale", replicas: 3 } }),
    rule({ id: "disabled", condition: "true", lifecycleStatus: "Inactive" }),
    rule({ id: "broken", checkpoint: "afterActivation", condition: "replicas", action: { type: "notify", message: "m" } }),
  ];

  it("fires the rule of the checkpoint whose condition holds", () => {
    const evaluation = evaluateRules(rules, "beforeProvisioning", { replicas: 6 });

    expect(evaluation.fired.map((outcome) => outcome.rule.id)).toEqual(["limit"]);
    expect(evaluation.fired[0]?.inputs).toEqual({ replicas: 6 });
    expect(firstRejection(evaluation)?.action.message).toBe("At most 5 replicas");
  });

  it("fires nothing when the condition does not hold", () => {
    const evaluation = evaluateRules(rules, "beforeProvisioning", { replicas: 5 });

    expect(evaluation.fired).toEqual([]);
    expect(firstRejection(evaluation)).toBeUndefined();
  });

  it("fires the scale rule on a supervision tick above 80 % CPU", () => {
    const evaluation = evaluateRules(rules, "supervision", { cpu: 90, replicas: 1 });

    expect(evaluation.fired.map((outcome) => outcome.action)).toEqual([{ type: "scale", replicas: 3 }]);
  });

  it("reports a rule that cannot be evaluated without firing it", () => {
    const evaluation = evaluateRules(rules, "afterActivation", { replicas: 2 });

    expect(evaluation.fired).toEqual([]);
    expect(evaluation.failed.map((outcome) => outcome.rule.id)).toEqual(["broken"]);
    expect(evaluation.failed[0]?.error).toMatch(/Expected true or false/);
  });
});

describe("characteristicVariables", () => {
  it("keeps scalars and reads objects as null", () => {
    expect(characteristicVariables([{ name: "replicas", value: 2 }, { name: "config", value: { a: 1 } }, { name: "__proto__", value: "x" }])).toEqual({
      replicas: 2,
      config: null,
      ["__proto__"]: "x",
    });
  });
});

describe("describeAction", () => {
  it.each([
    [{ type: "reject", message: "At most 5 replicas" }, 'reject("At most 5 replicas")'],
    [{ type: "scale", replicas: 3 }, "scale(3)"],
    [{ type: "setCharacteristic", name: "tier", value: "gold" }, 'setCharacteristic("tier", "gold")'],
  ] as const)("writes %j", (action, text) => {
    expect(describeAction(action)).toBe(text);
  });
});
