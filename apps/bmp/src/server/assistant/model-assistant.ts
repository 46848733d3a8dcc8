import { stepCountIs, streamText, type LanguageModel, type ModelMessage } from "ai";
import type { AssistantBackend, AssistantCard, DraftSummary, OfferingSummary, OrderStatusReport } from "./backend";
import { assistantInstructions, createAssistantTools } from "./tools";

// One turn of the assistant with a language model: the model streams text
// and calls the tools in a loop of at most `maxSteps` steps. Tool results
// that the chat shows (candidates, a draft, an order status) become cards.

export type AssistantEvent = { type: "text"; delta: string } | { type: "card"; card: AssistantCard } | { type: "notice"; message: string };

export interface ModelTurnOptions {
  model: LanguageModel;
  backend: AssistantBackend;
  /** Earlier messages of the conversation, oldest first. */
  history: ModelMessage[];
  text: string;
  /** Maximum time of one turn in milliseconds, tool calls included. */
  timeoutMs: number;
  maxSteps?: number;
  signal?: AbortSignal;
}

function cardOf(toolName: string, output: unknown): AssistantCard | undefined {
  if (toolName === "search_offerings" && Array.isArray(output) && output.length > 0) {
    const offerings: OfferingSummary[] = (output as { offeringId: string; name?: string; domain?: string }[]).map((entry) => ({
      id: entry.offeringId,
      name: (entry.name ?? entry.offeringId).replace(/<\/?catalogue-data>/g, ""),
      domainName: entry.domain,
    }));
    return { type: "offerings", offerings };
  }
  if (toolName === "create_order_draft" && (output as { created?: boolean }).created) {
    return { type: "draft", draft: (output as { draft: DraftSummary }).draft };
  }
  if (toolName === "order_status" && typeof (output as { orderId?: unknown }).orderId === "string") {
    return { type: "orderStatus", status: output as OrderStatusReport };
  }
  return undefined;
}

/** Streams one model turn; throws when the endpoint fails or the turn times out, so that the caller can fall back. */
export async function* runModelTurn(options: ModelTurnOptions): AsyncGenerator<AssistantEvent> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  const result = streamText({
    model: options.model,
    system: assistantInstructions,
    messages: [...options.history, { role: "user", content: options.text }],
    tools: createAssistantTools(options.backend),
    stopWhen: stepCountIs(options.maxSteps ?? 6),
    abortSignal: AbortSignal.any(signals),
    maxRetries: 0,
  });
  for await (const part of result.fullStream) {
    if (part.type === "text-delta") yield { type: "text", delta: part.text };
    else if (part.type === "tool-result") {
      const card = cardOf(part.toolName, part.output);
      if (card) yield { type: "card", card };
    } else if (part.type === "error") throw part.error instanceof Error ? part.error : new Error(String(part.error));
    else if (part.type === "abort") throw new Error(`The model turn timed out after ${options.timeoutMs} ms`);
  }
}
