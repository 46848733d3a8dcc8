import "server-only";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { env } from "@/env";
import type { AssistantMode } from "./turn";

const globalForAssistant = globalThis as unknown as { assistantMode?: AssistantMode };

/**
 * Returns the assistant's mode from the configuration: the model at
 * ASSISTANT_BASE_URL when it and ASSISTANT_MODEL are set, else the offline
 * assistant. The provider gets the endpoint and a model object, never a
 * bare model name, which the AI SDK would send to its hosted gateway.
 */
export function assistantMode(): AssistantMode {
  if (globalForAssistant.assistantMode) return globalForAssistant.assistantMode;
  const { ASSISTANT_BASE_URL: baseURL, ASSISTANT_MODEL: modelName, ASSISTANT_API_KEY: apiKey } = env();
  globalForAssistant.assistantMode =
    baseURL && modelName
      ? { kind: "model", label: modelName, model: createOpenAICompatible({ name: "assistant", baseURL, apiKey })(modelName) }
      : { kind: "offline", label: "offline assistant" };
  return globalForAssistant.assistantMode;
}
