"use client";

import { useActionState } from "react";
import { Alert, Button } from "@cop-pilot/ui";
import { removePeerAction, type RemovePeerState } from "./actions";

/** Renders the button that removes a peer after a confirmation; its accessible name includes the peer's name. */
export function RemovePeerButton({ peerId, peerName }: { peerId: string; peerName: string }) {
  const [state, action, pending] = useActionState<RemovePeerState, FormData>(removePeerAction, {});
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`Remove ${peerName}? Its specifications leave the marketplace.`)) event.preventDefault();
      }}
      className="flex flex-col items-end gap-2"
    >
      <input type="hidden" name="peerId" value={peerId} />
      <Button type="submit" variant="destructive" size="sm" disabled={pending}>
        {pending ? "Removing…" : "Remove"}
        <span className="sr-only"> ({peerName})</span>
      </Button>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
    </form>
  );
}
