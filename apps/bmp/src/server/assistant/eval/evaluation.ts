import { z } from "zod";
import type { AssistantBackend } from "../backend";
import type { CharacteristicValue } from "../offline/extract";

// The evaluation set and its scoring, shared by the evaluation script and
// the unit test that checks the offline assistant against an accuracy floor.

export const evaluationRequestSchema = z.object({
  id: z.string(),
  /** Pilot cluster whose user wrote the request, or "any". */
  cluster: z.string(),
  request: z.string().min(1),
  /** Messages the customer sends after the first reply, in order, such as a change to the drafted order. */
  followUps: z.array(z.string().min(1)).optional(),
  /** Name of the offering that fits, or "none" when the catalogue has nothing for it. */
  expectedOffering: z.string(),
  expectedCharacteristics: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

export type EvaluationRequest = z.infer<typeof evaluationRequestSchema>;

/** The offering and values an assistant chose for one request. */
export interface EvaluationAnswer {
  /** Name of the offering it picked (chose, or ranked first in a choice it offered), or "none". */
  offering: string;
  /** Whether it asked the customer to choose among several offerings instead of picking one. */
  askedToChoose: boolean;
  values: Record<string, CharacteristicValue>;
  /** Number of turns: 1, 2 when the customer had to choose an offering, or 1 plus the follow-ups. */
  turns: number;
  /** Time of all turns together. */
  milliseconds: number;
}

export interface EvaluationResult {
  request: EvaluationRequest;
  answer: EvaluationAnswer;
  offeringCorrect: boolean;
  parametersExpected: number;
  parametersCorrect: number;
}

export interface EvaluationSummary {
  requests: number;
  offeringAccuracy: number;
  /** Share of expected characteristic values the assistant read correctly, over every request. */
  parameterAccuracy: number;
  /** Share of requests whose offering and every expected value are right. */
  exactRequests: number;
  askedToChoose: number;
  /** Mean and 95th percentile of the time of one turn. */
  meanMilliseconds: number;
  p95Milliseconds: number;
  results: EvaluationResult[];
}

export type Answerer = (request: string, backend: AssistantBackend, followUps?: readonly string[]) => Promise<Omit<EvaluationAnswer, "milliseconds">>;

/** Compares one result with the expected offering and values. */
export function scoreAnswer(request: EvaluationRequest, answer: EvaluationAnswer): EvaluationResult {
  const offeringCorrect = answer.offering === request.expectedOffering;
  const expected = Object.entries(request.expectedCharacteristics);
  const parametersCorrect = offeringCorrect ? expected.filter(([name, value]) => answer.values[name] === value).length : 0;
  return { request, answer, offeringCorrect, parametersExpected: expected.length, parametersCorrect };
}

/** Runs `answer` on every request, one at a time, each against a fresh backend, and sums up the scores. */
export async function evaluate(requests: readonly EvaluationRequest[], answer: Answerer, backendFor: () => AssistantBackend): Promise<EvaluationSummary> {
  const results: EvaluationResult[] = [];
  for (const request of requests) {
    const backend = backendFor();
    const started = performance.now();
    const answered = await answer(request.request, backend, request.followUps);
    results.push(scoreAnswer(request, { ...answered, milliseconds: performance.now() - started }));
  }
  const times = results.map((result) => result.answer.milliseconds / result.answer.turns).sort((left, right) => left - right);
  const expected = results.reduce((sum, result) => sum + result.parametersExpected, 0);
  const correct = results.reduce((sum, result) => sum + result.parametersCorrect, 0);
  return {
    requests: results.length,
    offeringAccuracy: results.filter((result) => result.offeringCorrect).length / results.length,
    parameterAccuracy: expected === 0 ? 1 : correct / expected,
    exactRequests: results.filter((result) => result.offeringCorrect && result.parametersCorrect === result.parametersExpected).length / results.length,
    askedToChoose: results.filter((result) => result.answer.askedToChoose).length,
    meanMilliseconds: times.reduce((sum, time) => sum + time, 0) / times.length,
    p95Milliseconds: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] ?? 0,
    results,
  };
}
