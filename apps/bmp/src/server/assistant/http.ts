import "server-only";
import { createLogger } from "@cop-pilot/logger";
import { createdResponse, okResponse, readJsonBody } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { orderPlacers } from "../access";
import { route } from "../auth";
import { db } from "../db";
import { assistantMode } from "./config";
import { createConversation, listMessages, loadConversation } from "./conversations";
import { messageInput, startAssistantTurn, type TurnEvent } from "./turn";

// Route handlers of the assistant's chat. A message is answered as a stream
// of newline-delimited JSON events (mode, text, card, notice, done, error).

const log = createLogger("assistant");

/** Creates a conversation for the signed-in customer. */
export const createConversationHandler = route(orderPlacers, async ({ principal, baseUrl }) => {
  const conversation = await createConversation(db(), principal);
  return createdResponse({ ...conversation, href: `${baseUrl}/api/assistant/conversations/${conversation.id}` });
});

/** Returns a conversation of the caller with its messages and the assistant's mode, to resume it. */
export const getConversationHandler = route<{ id: string }>(orderPlacers, async ({ principal, params }) => {
  const conversation = await loadConversation(db(), principal, params.id);
  const messages = await listMessages(db(), conversation.id);
  return okResponse({ id: conversation.id, title: conversation.title, mode: assistantMode().label, messages });
});

/** Answers a message as a stream; the answer is stored even when the caller stops reading. */
export const postMessageHandler = route<{ id: string }>(orderPlacers, async ({ request, principal, params }) => {
  const input = await readJsonBody(request, messageInput);
  const events = await startAssistantTurn(db(), principal, params.id, input, {
    mode: assistantMode(),
    timeoutMs: env().ASSISTANT_TIMEOUT_MS,
    messagesPerMinute: env().ASSISTANT_MESSAGES_PER_MINUTE,
    log,
  });

  const encoder = new TextEncoder();
  const encode = (event: TurnEvent | { type: "error"; message: string }) => encoder.encode(`${JSON.stringify(event)}\n`);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (event: Parameters<typeof encode>[0]) => {
        if (!open) return;
        try {
          controller.enqueue(encode(event));
        } catch {
          open = false;
        }
      };
      void (async () => {
        try {
          for await (const event of events) send(event);
        } catch (error) {
          log.error({ err: error, conversationId: params.id }, "assistant turn failed");
          send({ type: "error", message: "The assistant failed to respond. Send the message again, and contact the portal's administrators if it keeps failing." });
        } finally {
          if (open) controller.close();
        }
      })();
    },
  });
  return new Response(stream, { status: 200, headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" } });
});
