"use client";

import Link from "next/link";
import { Fragment, useActionState, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Alert, Badge, Button, Card, CardContent, CardHeader, CardTitle, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Textarea } from "@cop-pilot/ui";
import { formatMoney } from "@/lib/prices";
import type { AssistantCard, DraftSummary, OrderStatusReport } from "@/server/assistant/backend";
import type { StoredMessage } from "@/server/assistant/conversations";
import { confirmDraft, type ConfirmState } from "../actions";

type ChatMessage = Pick<StoredMessage, "role" | "content" | "cards" | "mode"> & { key: string; notices?: string[] };

type StreamEvent =
  | { type: "mode"; mode: string; label: string }
  | { type: "text"; delta: string }
  | { type: "card"; card: AssistantCard }
  | { type: "notice"; message: string }
  | { type: "done"; message: StoredMessage }
  | { type: "error"; message: string };

/** Renders **bold** runs and line breaks of an assistant message; everything else stays plain text. */
function FormattedText({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index} className="whitespace-pre-line">
          {paragraph.split("**").map((part, partIndex) => (partIndex % 2 === 1 ? <strong key={partIndex}>{part}</strong> : <Fragment key={partIndex}>{part.replace(/^_|_$/g, "")}</Fragment>))}
        </p>
      ))}
    </>
  );
}

function formatValue(value: unknown): string {
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function DraftCard({ draft }: { draft: DraftSummary }) {
  const [state, action, pending] = useActionState<ConfirmState, FormData>(confirmDraft, {});
  const orderId = state.orderId ?? draft.productOrderId;
  const open = draft.status === "draft" && !orderId;
  return (
    <Card data-testid="draft-summary">
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle as="h3">Order summary: {draft.offeringName}</CardTitle>
        <StateBadge state={orderId ? "placed" : draft.status} />
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <Table>
          <caption className="sr-only">Characteristics of the order</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Characteristic</TableHead>
              <TableHead>Value</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {draft.characteristics.map((characteristic) => (
              <TableRow key={characteristic.name}>
                <TableCell className="font-mono text-xs">{characteristic.name}</TableCell>
                <TableCell>
                  {formatValue(characteristic.value)}
                  {characteristic.isDefault ? <span className="ml-2 text-xs text-muted-foreground">default</span> : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {draft.prices.length > 0 ? (
          <p className="text-sm text-muted-foreground">
            {draft.prices.map((price) => `${price.name}: ${formatMoney(price.amount, price.currency)}${price.period ? ` per ${price.period}` : ""}`).join(" · ")}
          </p>
        ) : null}
        {orderId ? (
          <Alert variant="success">
            Order placed.{" "}
            <Link href={`/orders/${orderId}`} className="font-medium underline">
              Open order {orderId.slice(0, 8)}
            </Link>
          </Alert>
        ) : null}
        {draft.status === "expired" && !orderId ? <Alert variant="warning">This summary has expired or was replaced. Ask the assistant for a new one.</Alert> : null}
        {state.error ? <Alert variant="error">{state.error}</Alert> : null}
        {open ? (
          <form action={action}>
            <input type="hidden" name="draftId" value={draft.draftId} />
            <Button type="submit" disabled={pending}>
              {pending ? "Placing the order…" : "Confirm order"}
            </Button>
          </form>
        ) : null}
      </CardContent>
    </Card>
  );
}

function StatusCard({ status }: { status: OrderStatusReport }) {
  return (
    <Card data-testid="order-status">
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle as="h3">
          <Link href={`/orders/${status.orderId}`} className="hover:underline">
            Order {status.orderId.slice(0, 8)}: {status.products}
          </Link>
        </CardTitle>
        <StateBadge state={status.state} />
      </CardHeader>
    </Card>
  );
}

function CardView({ card }: { card: AssistantCard }): ReactNode {
  switch (card.type) {
    case "draft":
      return <DraftCard draft={card.draft} />;
    case "orderStatus":
      return <StatusCard status={card.status} />;
    case "orderPlaced":
      return (
        <Alert variant="success">
          <Link href={`/orders/${card.orderId}`} className="font-medium underline">
            Open order {card.orderId.slice(0, 8)}
          </Link>
        </Alert>
      );
    case "offerings":
      return (
        <ul className="flex flex-col gap-1 text-sm">
          {card.offerings.map((offering) => (
            <li key={offering.id}>
              <Link href={`/marketplace/${offering.id}`} className="text-primary hover:underline">
                {offering.name}
              </Link>
              {offering.domainName ? <span className="text-muted-foreground"> · {offering.domainName}</span> : null}
            </li>
          ))}
        </ul>
      );
  }
}

function MessageView({ message }: { message: ChatMessage }) {
  const fromUser = message.role === "user";
  return (
    <li className={fromUser ? "flex justify-end" : "flex justify-start"} data-role={message.role}>
      <div className={fromUser ? "max-w-[80%] rounded-lg bg-primary px-4 py-2 text-primary-foreground" : "flex w-full max-w-[90%] flex-col gap-3"}>
        {message.notices?.map((notice) => (
          <Alert key={notice} variant="warning">
            {notice}
          </Alert>
        ))}
        <div className={fromUser ? "" : "flex flex-col gap-2 rounded-lg border border-border bg-card px-4 py-3 text-sm"}>
          {fromUser ? message.content : <FormattedText text={message.content || "…"} />}
        </div>
        {message.cards.map((card, index) => (
          <CardView key={index} card={card} />
        ))}
      </div>
    </li>
  );
}

/** The chat of one conversation: its messages, the streamed answer to each new message, and the Confirm order button of each summary. */
export function Chat({ conversationId, initialMessages, mode }: { conversationId: string; initialMessages: StoredMessage[]; mode: { kind: string; label: string } }) {
  const [messages, setMessages] = useState<ChatMessage[]>(() => initialMessages.map((message) => ({ ...message, key: `stored-${message.seq}` })));
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [modeLabel, setModeLabel] = useState(mode.label);
  const endRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: "end" });
  }, [messages]);

  function updateAnswer(key: string, change: (message: ChatMessage) => ChatMessage) {
    setMessages((current) => current.map((message) => (message.key === key ? change(message) : message)));
  }

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const message = text.trim();
    if (!message || sending) return;
    setSending(true);
    setError(undefined);
    const answerKey = `answer-${Date.now()}`;
    setMessages((current) => [
      ...current,
      { key: `user-${Date.now()}`, role: "user", content: message, cards: [], mode: null },
      { key: answerKey, role: "assistant", content: "", cards: [], mode: null },
    ]);
    setText("");
    try {
      const response = await fetch(`/api/assistant/conversations/${encodeURIComponent(conversationId)}/messages`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: message }),
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => undefined)) as { message?: string } | undefined;
        throw new Error(body?.message ?? `The assistant did not respond (status ${response.status})`);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) {
          if (!line.trim()) continue;
          const streamed = JSON.parse(line) as StreamEvent;
          if (streamed.type === "mode") setModeLabel(streamed.label);
          else if (streamed.type === "text") updateAnswer(answerKey, (answer) => ({ ...answer, content: answer.content + streamed.delta }));
          else if (streamed.type === "card") updateAnswer(answerKey, (answer) => ({ ...answer, cards: [...answer.cards, streamed.card] }));
          else if (streamed.type === "notice") updateAnswer(answerKey, (answer) => ({ ...answer, notices: [...(answer.notices ?? []), streamed.message] }));
          else if (streamed.type === "done") updateAnswer(answerKey, (answer) => ({ ...answer, content: streamed.message.content, cards: streamed.message.cards, mode: streamed.message.mode }));
          else if (streamed.type === "error") setError(streamed.message);
        }
      }
    } catch (caught) {
      setError((caught as Error).message);
      setMessages((current) => current.filter((entry) => entry.key !== answerKey || entry.content !== ""));
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-2 text-sm text-muted-foreground">
        <span>Mode:</span>
        <Badge data-testid="assistant-mode">{modeLabel}</Badge>
      </div>
      {messages.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          Describe what you need, for example &quot;seismic monitoring for 40 sensors in our mine&quot; or &quot;fill level alerts for 300 waste containers&quot;. Ask &quot;what is the status of my order?&quot; later.
        </p>
      ) : null}
      <ol className="flex flex-col gap-4" aria-label="Conversation" aria-live="polite">
        {messages.map((message) => (
          <MessageView key={message.key} message={message} />
        ))}
      </ol>
      <div ref={endRef} />
      {error ? <Alert variant="error">{error}</Alert> : null}
      <form onSubmit={send} className="flex flex-col gap-2">
        <label htmlFor="assistant-message" className="text-sm font-medium">
          Message
        </label>
        <Textarea
          id="assistant-message"
          rows={2}
          value={text}
          maxLength={2000}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <div>
          <Button type="submit" disabled={sending || text.trim() === ""}>
            {sending ? "Answering…" : "Send"}
          </Button>
        </div>
      </form>
    </div>
  );
}
