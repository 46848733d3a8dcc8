import { postMessageHandler } from "@/server/assistant/http";

export const dynamic = "force-dynamic";

// POST /api/assistant/conversations/{id}/messages – send a message; the answer streams back as newline-delimited JSON
export const POST = postMessageHandler;
