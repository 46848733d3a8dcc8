import Link from "next/link";
import { Button, Card, CardContent, EmptyState, PageHeader, formatUtcTimestamp } from "@cop-pilot/ui";
import { assistantMode } from "@/server/assistant/config";
import { listConversations } from "@/server/assistant/conversations";
import { db } from "@/server/db";
import { principalOf, requireUser } from "@/server/session";
import { startConversation } from "./actions";

export const dynamic = "force-dynamic";

export default async function AssistantPage() {
  const user = await requireUser(["customer"], "/assistant");
  const conversations = await listConversations(db(), principalOf(user));
  const start = (
    <form action={startConversation}>
      <Button type="submit">New conversation</Button>
    </form>
  );

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Ordering assistant"
        description={`Describe what you need in your own words; the assistant finds the offering, asks for what is missing and prepares an order for you to confirm. Mode: ${assistantMode().label}.`}
        actions={start}
      />
      {conversations.length === 0 ? (
        <EmptyState title="No conversations yet" description="Start a conversation and describe what you need." action={start} />
      ) : (
        <Card>
          <CardContent className="flex flex-col divide-y divide-border p-0">
            {conversations.map((conversation) => (
              <Link key={conversation.id} href={`/assistant/${conversation.id}`} className="flex items-center justify-between gap-4 px-4 py-3 hover:bg-muted">
                <span className="truncate">{conversation.title}</span>
                <span className="shrink-0 font-mono text-xs text-muted-foreground">{formatUtcTimestamp(conversation.updatedAt) ?? conversation.updatedAt}</span>
              </Link>
            ))}
          </CardContent>
        </Card>
      )}
    </div>
  );
}
