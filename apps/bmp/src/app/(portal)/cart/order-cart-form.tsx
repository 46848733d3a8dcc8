"use client";

import { useActionState } from "react";
import { Alert, Button } from "@cop-pilot/ui";
import { orderWholeCart, type CartState } from "./actions";

/** Renders the button that orders the whole cart, and the problems of a failed attempt by cart position. */
export function OrderCartForm({ idempotencyKey, itemNames }: { idempotencyKey: string; itemNames: string[] }) {
  const [state, action, pending] = useActionState<CartState, FormData>(orderWholeCart, {});
  return (
    <form action={action} className="flex flex-col gap-3">
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {state.formError ? <Alert variant="error">{state.formError}</Alert> : null}
      {Object.entries(state.itemErrors ?? {}).map(([position, messages]) => (
        <Alert key={position} variant="error" title={itemNames[Number(position) - 1] ?? `Item ${position}`}>
          {messages.join(" ")}
        </Alert>
      ))}
      <div>
        <Button type="submit" size="lg" disabled={pending}>
          {pending ? "Placing the order…" : "Order all"}
        </Button>
      </div>
    </form>
  );
}
