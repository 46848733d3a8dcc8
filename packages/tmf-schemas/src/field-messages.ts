import type { z } from "zod";

// Turns zod issues into sentences a form can show: the field by its label,
// then what is allowed, instead of the internal path and zod's own wording.

/** Label of a form field, with the unit its numbers are in, such as "%" or "minutes". */
export interface FieldLabel {
  label: string;
  unit?: string;
}

/** Returns the label of the field at a zod issue path, or undefined to fall back to the path itself. */
export type FieldLabels = (path: readonly PropertyKey[]) => FieldLabel | string | undefined;

/** Builds a FieldLabels from a map of dotted paths, such as "artifact.name", to labels; an entry of a list takes the list's label. */
export function labelsByPath(labels: Record<string, FieldLabel | string>): FieldLabels {
  return (path) => labels[path.map(String).join(".")] ?? labels[String(path[0])];
}

function withUnit(value: unknown, unit: string | undefined): string {
  return unit ? `${String(value)} ${unit}` : String(value);
}

// zod's own messages start like this; any other message was written for the schema and is kept.
const zodDefaultMessage = /^(Too (big|small)|Invalid )/;

function requirement(issue: z.core.$ZodIssue, unit: string | undefined): string {
  if (!zodDefaultMessage.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "too_big":
      if (issue.origin === "string") return `must be at most ${String(issue.maximum)} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `must have at most ${String(issue.maximum)} entries`;
      return `must be ${issue.inclusive === false ? "below" : "at most"} ${withUnit(issue.maximum, unit)}`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "is required" : `must be at least ${String(issue.minimum)} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `must have at least ${String(issue.minimum)} entries`;
      return `must be ${issue.inclusive === false ? "more than" : "at least"} ${withUnit(issue.minimum, unit)}`;
    case "invalid_type":
      // Issues carry no input unless the parse asked for it, so the missing value is detected from zod's message.
      if (issue.message.endsWith("received undefined")) return "is required";
      if (issue.expected === "int") return unit ? `must be a whole number of ${unit}` : "must be a whole number";
      if (issue.expected === "number") return "must be a plain decimal number";
      return `must be a ${issue.expected}`;
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")}`;
    case "invalid_union":
      return "must be one of the listed options";
    default:
      return issue.message;
  }
}

/** Describes one zod issue as a sentence that starts with the field's label. */
export function describeFieldIssue(issue: z.core.$ZodIssue, labels: FieldLabels): string {
  const found = labels(issue.path);
  const field = typeof found === "string" ? { label: found } : (found ?? { label: issue.path.map(String).join(".") || "The form" });
  const sentence = requirement(issue, field.unit);
  const text = /^(must|is|are|has) /.test(sentence) ? `${field.label} ${sentence}` : `${field.label}: ${sentence}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Describes every issue of a failed parse, one sentence each. */
export function describeFieldIssues(error: z.ZodError, labels: FieldLabels): string {
  return error.issues.map((issue) => describeFieldIssue(issue, labels)).join(". ");
}

/**
 * Reads a form field as a number when it is written as a plain decimal
 * number ("12", "-0.5"). Other text, such as "0x10" or "1e2", stays text so
 * that validation rejects it; an empty field is undefined.
 */
export function readDecimal(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}
