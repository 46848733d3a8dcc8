CREATE TABLE "assistant_conversation" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"title" text NOT NULL,
	"dialogue_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_message" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"cards" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mode" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_order_draft" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"conversation_id" text,
	"product_offering_id" text NOT NULL,
	"product_offering_name" text NOT NULL,
	"product_characteristic" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"status" text NOT NULL,
	"product_order_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" text,
	"placed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "assistant_message" ADD CONSTRAINT "assistant_message_conversation_id_assistant_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."assistant_conversation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_order_draft" ADD CONSTRAINT "product_order_draft_conversation_id_assistant_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."assistant_conversation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistant_conversation_user_id_updated_at_index" ON "assistant_conversation" USING btree ("user_id","updated_at");--> statement-breakpoint
CREATE INDEX "assistant_message_conversation_id_index" ON "assistant_message" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "assistant_message_role_created_at_index" ON "assistant_message" USING btree ("role","created_at");--> statement-breakpoint
CREATE INDEX "product_order_draft_user_id_index" ON "product_order_draft" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "product_order_draft_conversation_id_index" ON "product_order_draft" USING btree ("conversation_id");