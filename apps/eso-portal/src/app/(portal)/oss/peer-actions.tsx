import Link from "next/link";
import { Button, buttonVariants } from "@cop-pilot/ui";
import { checkPeerAction } from "./actions";
import { RemovePeerButton } from "./remove-peer-button";

/**
 * Renders the actions on one row of the peer table. Every row has the same
 * visible labels, so each accessible name ends with the peer's name.
 */
export function PeerActions({ peer }: { peer: { id: string; name: string } }) {
  return (
    <div className="flex items-start justify-end gap-2">
      <form action={checkPeerAction}>
        <input type="hidden" name="peerId" value={peer.id} />
        <Button type="submit" variant="outline" size="sm">
          Check now<span className="sr-only"> ({peer.name})</span>
        </Button>
      </form>
      <Link href={`/oss/${peer.id}`} className={buttonVariants({ variant: "outline", size: "sm" })}>
        Import<span className="sr-only"> ({peer.name})</span>
      </Link>
      <RemovePeerButton peerId={peer.id} peerName={peer.name} />
    </div>
  );
}
