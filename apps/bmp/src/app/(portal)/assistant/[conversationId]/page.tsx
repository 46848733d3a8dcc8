import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@cop-pilot/ui";
import { TmfError } from "@cop-pilot/tmf-server";
import { assistantMode } from "@/server/assistant/config";
import { messagesWithCurrentDrafts } from "@/server/assistant/confirmation";
import { loadConversation } from "@/server/assistant/conversations";
import { db } from "@/server/db";
import { principalOf, requireUser } from "@/server/session";
import { Chat } from "./chat";

export const dynamic = "force-dynamic";

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const { conversationId } = await params;
  const user = await requireUser(["customer"], `/assistant/${conversationId}`);
  const principal = principalOf(user);
  let title: string;
  try {
    title = (await loadConversation(db(), principal, conversationId)).title;
  } catch (error) {
    if (error instanceof TmfError && error.status === 404) notFound();
    throw error;
  }
  const messages = await messagesWithCurrentDrafts(db(), principal, conversationId);
  const mode = assistantMode();

  return (
    <div className="flex flex-col gap-4">
      <Link href="/assistant" className="text-sm text-muted-foreground hover:text-foreground hover:underline">
        ← Conversations
      </Link>
      <PageHeader title={title} description="The assistant prepares the order; only your Confirm order button places it." />
      <Chat conversationId={conversationId} initialMessages={messages} mode={{ kind: mode.kind, label: mode.label }} />
    </div>
  );
}
