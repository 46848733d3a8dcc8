import { createConversationHandler } from "@/server/assistant/http";

export const dynamic = "force-dynamic";

// POST /api/assistant/conversations – start a conversation with the ordering assistant
export const POST = createConversationHandler;
