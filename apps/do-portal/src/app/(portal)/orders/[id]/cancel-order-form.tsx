"use client";

import { useActionState } from "react";
import { Alert, Button, FormField, Input } from "@cop-pilot/ui";
import { shortId } from "../../format";
import { cancelOrder, type CancelOrderState } from "./actions";

export function CancelOrderForm({ orderId }: { orderId: string }) {
  const [state, action, pending] = useActionState<CancelOrderState, FormData>(cancelOrder, {});
  if (state.done) return <Alert variant="success">Cancellation requested.</Alert>;
  return (
    <form action={action} className="flex flex-col gap-3">
      <input type="hidden" name="orderId" value={orderId} />
      <FormField label="Reason" description="Recorded on the order and shown to the ESO." id="reason">
        <Input name="reason" maxLength={500} placeholder="e.g. ordered for the wrong mine level" />
      </FormField>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <Button type="submit" variant="destructive" disabled={pending} className="self-start">
        {pending ? "Cancelling…" : "Cancel order"}
        <span className="sr-only"> {shortId(orderId)}</span>
      </Button>
    </form>
  );
}
