CREATE TABLE "event_outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"subscription_id" text NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"resource_key" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_subscription" (
	"id" text PRIMARY KEY NOT NULL,
	"api" text NOT NULL,
	"callback" text NOT NULL,
	"query" text,
	"registered_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_registration" (
	"peer_key" text PRIMARY KEY NOT NULL,
	"hub_url" text NOT NULL,
	"subscription_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event_outbox" ADD CONSTRAINT "event_outbox_subscription_id_event_subscription_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."event_subscription"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_outbox_status_next_attempt_at_index" ON "event_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "event_outbox_subscription_id_resource_key_seq_index" ON "event_outbox" USING btree ("subscription_id","resource_key","seq");--> statement-breakpoint
CREATE INDEX "event_subscription_api_index" ON "event_subscription" USING btree ("api");