import { describe, expect, it } from "vitest";
import {
  ExpressionEvaluationError,
  ExpressionSyntaxError,
  evaluateCondition,
  maxExpressionDepth,
  maxExpressionLength,
  maxListLength,
  parseExpression,
  variablesOf,
  type Value,
} from "./expression";

function evaluate(source: string, variables: Record<string, Value> = {}): boolean {
  return evaluateCondition(parseExpression(source), variables);
}

function syntaxErrorOf(source: string): ExpressionSyntaxError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${source}" parsed without an error`);
}

describe("evaluateCondition", () => {
  it.each<[string, Record<string, Value>, boolean]>([
    ["replicas > 5", { replicas: 6 }, true],
    ["replicas > 5", { replicas: 5 }, false],
    ["replicas > 5", { replicas: "7" }, true],
    ["cpu > 80", { cpu: 90 }, true],
    ["cpu >= 80.5", { cpu: 80.5 }, true],
    ["cpu < -1", { cpu: -2 }, true],
    ["replicas <= 2 and cpu > 80", { replicas: 2, cpu: 81 }, true],
    ["replicas <= 2 and cpu > 80", { replicas: 3, cpu: 81 }, false],
    ["replicas > 9 or tier == 'gold'", { replicas: 1, tier: "gold" }, true],
    ["not (replicas > 5)", { replicas: 1 }, true],
    ["not not enabled", { enabled: true }, true],
    ["a or b and c", { a: true, b: false, c: false }, true],
    ["(a or b) and c", { a: true, b: false, c: false }, false],
    ['tier in ["gold", "silver"]', { tier: "silver" }, true],
    ['tier not in ["gold", "silver"]', { tier: "bronze" }, true],
    ["replicas in [1, 2, 3]", { replicas: 2 }, true],
    ["replicas in []", { replicas: 2 }, false],
    ['version == "1.2.0"', { version: "1.2.0" }, true],
    ['name != "edge"', { name: "core" }, true],
    ['"b" > "a"', {}, true],
    ["flag == true", { flag: true }, true],
    ["missing == null", {}, true],
    ['label == "say \\"hi\\""', { label: 'say "hi"' }, true],
  ])("evaluates %s with %j as %s", (source, variables, expected) => {
    expect(evaluate(source, variables)).toBe(expected);
  });

  it("treats an ordering comparison with an unknown value as false", () => {
    expect(evaluate("cpu > 80", {})).toBe(false);
    expect(evaluate("cpu > 80", { cpu: null })).toBe(false);
    expect(evaluate("not (cpu > 80)", { cpu: null })).toBe(true);
  });

  it("treats an ordering comparison across types as false", () => {
    expect(evaluate("replicas > 5", { replicas: "many" })).toBe(false);
    expect(evaluate("enabled > 0", { enabled: true })).toBe(false);
  });

  it("accepts a Map of variables", () => {
    expect(evaluateCondition(parseExpression("cpu > 80"), new Map([["cpu", 95]]))).toBe(true);
  });

  it("rejects a condition that is not a boolean", () => {
    expect(() => evaluate("replicas", { replicas: 3 })).toThrow(ExpressionEvaluationError);
    expect(() => evaluate("replicas", { replicas: 3 })).toThrow('"replicas" is 3 at position 1');
  });

  it("rejects an operand of and that is not a boolean", () => {
    expect(() => evaluate("true and 5")).toThrow(/Expected true or false for "and".*position 10/);
  });
});

describe("variable isolation", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "process", "globalThis", "prototype"])(
    "reads %s as null when it is not given",
    (name) => {
      expect(evaluate(`${name} == null`, { replicas: 3 })).toBe(true);
    },
  );

  it("reads dotted names as one variable, not as a property path", () => {
    expect(evaluate("constructor.name == null", {})).toBe(true);
    expect(evaluate('deployment.tier == "edge"', { "deployment.tier": "edge" })).toBe(true);
  });

  it("has no call syntax", () => {
    expect(syntaxErrorOf("process.exit()").message).toMatch(/Unexpected "\("/);
  });
});

describe("parseExpression", () => {
  it.each<[string, string, number]>([
    ["", "Expression is empty", 1],
    ["replicas >", "Unexpected the end of the expression; expected a value", 11],
    ["replicas = 5", 'Unexpected character "="; compare with "=="', 10],
    ["replicas > 5 && cpu > 1", 'Unexpected character "&"; write "and", "or" and "not"', 14],
    ["(replicas > 5", 'Expected ")" to close the parenthesis, found the end of the expression', 14],
    ["replicas > 5)", 'Unexpected ")"; expected "and", "or" or the end of the expression', 13],
    ['tier == "gold', "Unterminated string", 9],
    ['tier == "a\\n"', 'Unknown escape "\\n"', 11],
    ["tier in gold", 'Expected "[" after "in", found "gold"', 9],
    ["tier in [1, 2", 'Expected "]" to close the list, found the end of the expression', 14],
    ["replicas > 5 cpu", 'Unexpected "cpu"', 14],
    ["a -1", 'Unexpected character "-"', 3],
    ["replicas > $x", 'Unexpected character "$"', 12],
  ])("rejects %j: %s at position %i", (source, reason, position) => {
    const error = syntaxErrorOf(source);

    expect(error.message).toContain(reason);
    expect(error.position + 1).toBe(position);
    expect(error.message).toMatch(new RegExp(`at position ${position}$`));
  });

  it("rejects an expression above the length limit", () => {
    const source = `a == ${"1".repeat(maxExpressionLength)}`;

    expect(syntaxErrorOf(source).reason).toMatch(/longer than the maximum of 1000 characters/);
  });

  it("accepts nesting up to the depth limit", () => {
    const source = `${"(".repeat(maxExpressionDepth)}true${")".repeat(maxExpressionDepth)}`;

    expect(evaluate(source)).toBe(true);
  });

  it("rejects nesting beyond the depth limit", () => {
    const source = `${"(".repeat(maxExpressionDepth + 1)}true${")".repeat(maxExpressionDepth + 1)}`;
    const error = syntaxErrorOf(source);

    expect(error.reason).toMatch(/nested deeper than the maximum of 32 levels/);
    expect(error.position).toBe(maxExpressionDepth);
  });

  it("rejects a chain of not beyond the depth limit", () => {
    expect(syntaxErrorOf(`${"not ".repeat(maxExpressionDepth + 1)}true`).reason).toMatch(/nested deeper/);
  });

  it("rejects a list above the length limit", () => {
    const list = Array.from({ length: maxListLength + 1 }, (_, index) => index).join(",");

    expect(syntaxErrorOf(`a in [${list}]`).reason).toMatch(/more than the maximum of 100 values/);
  });

  it("lists the variables a condition reads", () => {
    expect(variablesOf(parseExpression('cpu > 80 and (replicas < 3 or tier in ["a", other])'))).toEqual(["cpu", "replicas", "tier", "other"]);
  });
});
