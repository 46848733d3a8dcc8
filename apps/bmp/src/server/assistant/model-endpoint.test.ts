import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterEach, describe, expect, it } from "vitest";
import { runModelTurn, type AssistantEvent } from "./model-assistant";
import { createLibraryBackend } from "./testing/library-backend";
import { startOpenAiEmulator, type OpenAiEmulator } from "./testing/openai-emulator";

// The assistant against an OpenAI-compatible endpoint through the AI SDK's
// provider, as a configured BMP runs it; the endpoint is an emulator on 127.0.0.1.

let emulator: OpenAiEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function collect(events: AsyncGenerator<AssistantEvent>): Promise<AssistantEvent[]> {
  const collected: AssistantEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

function modelAt(baseURL: string) {
  return createOpenAICompatible({ name: "assistant", baseURL, apiKey: "test-key" })("test-model");
}

describe("model assistant at an OpenAI-compatible endpoint", () => {
  it("runs the tool loop over the endpoint", async () => {
    emulator = await startOpenAiEmulator([
      { toolCall: { name: "create_order_draft", arguments: { offeringId: "offering-waste-collection-alerting", characteristics: [{ name: "containerCount", value: 300 }] } } },
      { text: "Here is the summary; press Confirm order to place it." },
    ]);
    const backend = createLibraryBackend();

    const events = await collect(runModelTurn({ model: modelAt(emulator.baseUrl), backend, history: [], text: "alerts for 300 bins", timeoutMs: 5000 }));

    expect(emulator.requests).toHaveLength(2);
    expect(emulator.requests[0]?.model).toBe("test-model");
    expect(emulator.requests[0]?.authorization).toBe("Bearer test-key");
    expect((emulator.requests[0]?.tools ?? []).length).toBe(6);
    expect(JSON.stringify(emulator.requests[1]?.messages)).toContain("Ask the customer to check the summary");
    expect(events.some((event) => event.type === "card" && event.card.type === "draft")).toBe(true);
    expect(events.filter((event) => event.type === "text").map((event) => (event as { delta: string }).delta).join("")).toContain("Confirm order");
    expect(backend.orders.size).toBe(0);
  });

  it("times out on a slow endpoint", async () => {
    emulator = await startOpenAiEmulator([{ text: "too late", delayMs: 3000 }]);

    const started = Date.now();
    await expect(collect(runModelTurn({ model: modelAt(emulator.baseUrl), backend: createLibraryBackend(), history: [], text: "hello", timeoutMs: 300 }))).rejects.toThrow();

    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("fails on an endpoint that is down", async () => {
    emulator = await startOpenAiEmulator([{ text: "unused" }]);
    const baseUrl = emulator.baseUrl;
    await emulator.close();
    emulator = undefined;

    await expect(collect(runModelTurn({ model: modelAt(baseUrl), backend: createLibraryBackend(), history: [], text: "hello", timeoutMs: 2000 }))).rejects.toThrow();
  });
});
