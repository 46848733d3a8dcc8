// Measures the ordering assistant on the evaluation set
// (apps/bmp/src/server/assistant/eval/requests.json): how often it picks the
// expected offering (or none), how many expected characteristic values it
// reads, and the time of its first turn. The offline assistant always runs.
// With ASSISTANT_BASE_URL and ASSISTANT_MODEL set (ASSISTANT_API_KEY when
// the endpoint needs one), the same set runs against that OpenAI-compatible
// endpoint through the AI SDK, with the assistant's tools over the same
// in-memory catalogue. Nothing is written to a database.
//
// Usage: node --import tsx bench/assistant-eval.ts [--verbose]
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { evaluate, evaluationRequestSchema, type Answerer, type EvaluationSummary } from "../apps/bmp/src/server/assistant/eval/evaluation";
import { modelAnswerer } from "../apps/bmp/src/server/assistant/eval/model-answerer";
import { offlineAnswerer } from "../apps/bmp/src/server/assistant/eval/offline-answerer";
import requests from "../apps/bmp/src/server/assistant/eval/requests.json" with { type: "json" };
import { createLibraryBackend } from "../apps/bmp/src/server/assistant/testing/library-backend";

const verbose = process.argv.includes("--verbose");
const evaluationSet = evaluationRequestSchema.array().parse(requests);

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function report(label: string, summary: EvaluationSummary): void {
  console.log(`\n${label}`);
  console.log(`  requests:              ${summary.requests}`);
  console.log(`  offering accuracy:     ${percent(summary.offeringAccuracy)}`);
  console.log(`  parameter accuracy:    ${percent(summary.parameterAccuracy)}`);
  console.log(`  fully right requests:  ${percent(summary.exactRequests)}`);
  console.log(`  asked to choose:       ${summary.askedToChoose}`);
  console.log(`  time per turn:         mean ${summary.meanMilliseconds.toFixed(1)} ms, p95 ${summary.p95Milliseconds.toFixed(1)} ms`);
  for (const result of summary.results) {
    const wrong = !result.offeringCorrect || result.parametersCorrect < result.parametersExpected;
    if (!wrong && !verbose) continue;
    console.log(
      `  ${wrong ? "✗" : "✓"} ${result.request.id}: expected ${result.request.expectedOffering} ${JSON.stringify(result.request.expectedCharacteristics)}; got ${result.answer.offering} ${JSON.stringify(result.answer.values)}`,
    );
  }
}

async function main(): Promise<void> {
  // The first run loads the modules; it is not measured.
  await evaluate(evaluationSet.slice(0, 3), offlineAnswerer, createLibraryBackend);
  report("Offline assistant", await evaluate(evaluationSet, offlineAnswerer, createLibraryBackend));

  const baseURL = process.env.ASSISTANT_BASE_URL;
  const modelName = process.env.ASSISTANT_MODEL;
  if (!baseURL || !modelName) {
    console.log("\nNo model configured (ASSISTANT_BASE_URL, ASSISTANT_MODEL); only the offline assistant ran.");
    return;
  }
  const model = createOpenAICompatible({ name: "assistant", baseURL, apiKey: process.env.ASSISTANT_API_KEY })(modelName);
  const timeoutMs = Number(process.env.ASSISTANT_TIMEOUT_MS ?? 60_000);
  const answerer: Answerer = modelAnswerer(model, timeoutMs);
  report(`Model ${modelName} at ${baseURL}`, await evaluate(evaluationSet, answerer, createLibraryBackend));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
