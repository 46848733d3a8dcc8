import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A tiny OpenAI-compatible chat completions endpoint on 127.0.0.1 for tests:
// each request gets the next scripted reply, streamed as server-sent events
// the way OpenAI-compatible servers stream chat completion chunks.

export type EmulatorReply =
  | { text: string; delayMs?: number }
  | { toolCall: { name: string; arguments: unknown }; delayMs?: number };

export interface OpenAiEmulator {
  /** Base URL with the /v1 path, as ASSISTANT_BASE_URL takes it. */
  baseUrl: string;
  /** Request bodies received, oldest first. */
  requests: { model: string; messages: unknown[]; tools?: unknown[]; authorization?: string }[];
  close(): Promise<void>;
}

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
  return `data: ${JSON.stringify({ id: "chatcmpl-test", object: "chat.completion.chunk", created: 0, model: "test-model", choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
}

/**
 * Starts the emulator on 127.0.0.1 with replies for successive requests;
 * later requests get the last reply. Without a port it takes a free one.
 */
export async function startOpenAiEmulator(replies: EmulatorReply[], options: { port?: number } = {}): Promise<OpenAiEmulator> {
  const requests: OpenAiEmulator["requests"] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (data: Buffer) => (body += data.toString()));
    request.on("end", () => {
      if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) {
        response.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { message: `No route ${request.url}` } }));
        return;
      }
      const parsed = JSON.parse(body) as { model: string; messages: unknown[]; tools?: unknown[] };
      requests.push({ ...parsed, authorization: request.headers.authorization });
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)]!;
      setTimeout(() => {
        response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
        if ("text" in reply) {
          response.write(chunk({ role: "assistant", content: reply.text }));
          response.write(chunk({}, "stop"));
        } else {
          const call = { index: 0, id: `call-${requests.length}`, type: "function", function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.arguments) } };
          response.write(chunk({ role: "assistant", tool_calls: [call] }));
          response.write(chunk({}, "tool_calls"));
        }
        response.end("data: [DONE]\n\n");
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
