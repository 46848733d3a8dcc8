import { getConversationHandler } from "@/server/assistant/http";

export const dynamic = "force-dynamic";

// GET /api/assistant/conversations/{id} – a conversation with its messages, to resume it
export const GET = getConversationHandler;
