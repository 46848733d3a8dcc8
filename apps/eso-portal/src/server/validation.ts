import { describeIssues, TmfError } from "@cop-pilot/tmf-server";
import type { z } from "zod";

/** Parses input from a form or another caller that did not go through `readJsonBody`; invalid input becomes a 400 TMF error. */
export function parseInput<TSchema extends z.ZodType>(schema: TSchema, value: unknown): z.infer<TSchema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new TmfError("invalidBody", describeIssues(result.error));
  return result.data;
}

/** Returns the message of a TmfError, or a generic one for anything else, so that pages never show internals. */
export function userMessage(error: unknown): string {
  if (error instanceof TmfError) return error.message;
  return "The request failed unexpectedly; see the ESO log for details";
}
