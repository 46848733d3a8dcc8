import type { LanguageModel } from "ai";
import { z } from "zod";
import { TmfError, invalidBody, type Db, type Principal } from "@cop-pilot/tmf-server";
import type { Logger } from "@cop-pilot/logger";
import { assertAllowed, orderPlacers } from "../access";
import type { OrderChecksSettings } from "../ordering/feasibility";
import type { AssistantCard } from "./backend";
import { createBmpBackend } from "./bmp-backend";
import { appendMessage, countUserMessagesSince, listMessages, loadConversation, saveDialogueState, toModelHistory, type StoredMessage } from "./conversations";
import { runModelTurn, type AssistantEvent } from "./model-assistant";
import { OfflineAssistant, parseDialogueState } from "./offline/dialogue";

// One turn of a conversation: checks, the stored user message, the answer
// of the model or of the offline assistant as a stream of events, and the
// stored answer. A model that fails or times out hands the turn to the
// offline assistant and the chat says so.

export type AssistantMode = { kind: "offline"; label: string } | { kind: "model"; label: string; model: LanguageModel };

export type TurnEvent = { type: "mode"; mode: AssistantMode["kind"]; label: string } | AssistantEvent | { type: "done"; message: StoredMessage };

export const messageInput = z.object({
  text: z.string().trim().min(1, "Write a message").max(2000, "A message has at most 2000 characters"),
});

export interface TurnOptions {
  mode: AssistantMode;
  timeoutMs: number;
  messagesPerMinute: number;
  log: Logger;
  now?: Date;
  /** Overrides the settings of the order checks, which come from the environment otherwise. */
  orderChecks?: Partial<OrderChecksSettings>;
}

// Turns of one conversation run one after another, so that each reads the dialogue state the previous one stored.
// NOTE: the queue lives in this process; two BMP processes serving one database could interleave turns of a conversation.
const conversationQueues = new Map<string, Promise<unknown>>();

function inConversationQueue<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
  const previous = conversationQueues.get(conversationId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  conversationQueues.set(conversationId, next);
  void next.finally(() => {
    if (conversationQueues.get(conversationId) === next) conversationQueues.delete(conversationId);
  }).catch(() => undefined);
  return next;
}

function* offlineEvents(reply: string, cards: AssistantCard[]): Generator<AssistantEvent> {
  for (const line of reply.split(/(?<=\n)/)) yield { type: "text", delta: line };
  for (const card of cards) yield { type: "card", card };
}

/**
 * Checks the caller, the message and the rate limit, then stores the user's
 * message. A failed check throws a TMF error before anything is stored.
 * Returns the stream of the reply, which stores the reply when it ends.
 */
export async function startAssistantTurn(db: Db, principal: Principal, conversationId: string, rawInput: unknown, options: TurnOptions): Promise<AsyncGenerator<TurnEvent>> {
  assertAllowed(principal, orderPlacers, "order through the assistant");
  const parsed = messageInput.safeParse(rawInput);
  if (!parsed.success) throw invalidBody(parsed.error);
  const { text } = parsed.data;
  await loadConversation(db, principal, conversationId);

  const now = options.now ?? new Date();
  const recent = await countUserMessagesSince(db, principal, new Date(now.getTime() - 60_000));
  if (recent >= options.messagesPerMinute) {
    throw new TmfError("tooManyRequests", `You sent ${recent} messages to the assistant in the last minute, the most it accepts. Wait a minute and send the message again.`);
  }
  const history = await listMessages(db, conversationId);
  await appendMessage(db, conversationId, { role: "user", content: text }, now);
  return runTurn(db, principal, conversationId, text, history, options);
}

async function* runTurn(db: Db, principal: Principal, conversationId: string, text: string, history: StoredMessage[], options: TurnOptions): AsyncGenerator<TurnEvent> {
  const backend = createBmpBackend(db, principal, { conversationId, orderChecks: options.orderChecks });
  yield { type: "mode", mode: options.mode.kind, label: options.mode.label };
  let content = "";
  const cards: AssistantCard[] = [];
  let answeredBy = options.mode.kind === "model" ? options.mode.label : "offline";

  if (options.mode.kind === "model") {
    try {
      for await (const event of runModelTurn({ model: options.mode.model, backend, history: toModelHistory(history), text, timeoutMs: options.timeoutMs })) {
        if (event.type === "text") content += event.delta;
        if (event.type === "card") cards.push(event.card);
        yield event;
      }
    } catch (error) {
      options.log.warn({ err: error, conversationId, model: options.mode.label }, "language model failed, the offline assistant responds instead");
      const timedOut = (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError" || /timed out/.test((error as Error).message);
      const notice = timedOut
        ? `The language model did not answer within ${Math.round(options.timeoutMs / 1000)} s, so the offline assistant answers instead.`
        : "The language model cannot be reached at the moment, so the offline assistant answers instead.";
      yield { type: "notice", message: notice };
      content += `${content ? "\n\n" : ""}_${notice}_\n\n`;
      answeredBy = "offline";
    }
  }

  if (answeredBy === "offline") {
    const turn = await inConversationQueue(conversationId, async () => {
      const conversation = await loadConversation(db, principal, conversationId);
      const result = await new OfflineAssistant(backend).respond(text, parseDialogueState(conversation.dialogueState));
      await saveDialogueState(db, conversationId, result.state);
      return result;
    });
    for (const event of offlineEvents(turn.reply, turn.cards)) {
      if (event.type === "text") content += event.delta;
      if (event.type === "card") cards.push(event.card);
      yield event;
    }
  }

  const message = await appendMessage(db, conversationId, { role: "assistant", content, cards, mode: answeredBy });
  yield { type: "done", message };
}
