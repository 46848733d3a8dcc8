CREATE TABLE "policy_rule" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"service_specification_id" text NOT NULL,
	"checkpoint" text NOT NULL,
	"lifecycle_status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_rule_firing" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rule_id" text NOT NULL,
	"rule_name" text NOT NULL,
	"service_specification_id" text NOT NULL,
	"checkpoint" text NOT NULL,
	"outcome" text NOT NULL,
	"action" jsonb NOT NULL,
	"message" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"service_order_id" text,
	"service_order_item_id" text,
	"service_id" text
);
--> statement-breakpoint
CREATE INDEX "policy_rule_service_specification_id_checkpoint_index" ON "policy_rule" USING btree ("service_specification_id","checkpoint");--> statement-breakpoint
CREATE INDEX "policy_rule_firing_fired_at_index" ON "policy_rule_firing" USING btree ("fired_at");--> statement-breakpoint
CREATE INDEX "policy_rule_firing_service_order_id_index" ON "policy_rule_firing" USING btree ("service_order_id");--> statement-breakpoint
CREATE INDEX "policy_rule_firing_service_id_index" ON "policy_rule_firing" USING btree ("service_id");