CREATE TABLE "dm_access_grant" (
	"id" text PRIMARY KEY NOT NULL,
	"dataset_id" text NOT NULL,
	"service_id" text NOT NULL,
	"consumer_party" text NOT NULL,
	"access_mode" text NOT NULL,
	"token_sha256" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text
);
--> statement-breakpoint
CREATE TABLE "dm_attribute_instance" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity_id" text NOT NULL,
	"entity_type" text NOT NULL,
	"attribute" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"instance" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dm_connector" (
	"id" text PRIMARY KEY NOT NULL,
	"dataset_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"config" jsonb NOT NULL,
	"accepted_count" integer DEFAULT 0 NOT NULL,
	"rejected_count" integer DEFAULT 0 NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_error" text,
	"next_run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dm_dataset" (
	"id" text PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"title" text NOT NULL,
	"description" jsonb NOT NULL,
	"pipeline" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"service_specification_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dm_entity" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"dataset_id" text NOT NULL,
	"entity" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dm_rejected_record" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connector_id" text,
	"dataset_id" text,
	"record_index" integer NOT NULL,
	"record" jsonb,
	"reason" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dm_subscription" (
	"id" text PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"grant_id" text,
	"subscription" jsonb NOT NULL,
	"endpoint" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"times_sent" integer DEFAULT 0 NOT NULL,
	"times_failed" integer DEFAULT 0 NOT NULL,
	"last_notification" timestamp with time zone,
	"last_failure" timestamp with time zone,
	"last_failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dm_access_grant" ADD CONSTRAINT "dm_access_grant_dataset_id_dm_dataset_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."dm_dataset"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dm_attribute_instance" ADD CONSTRAINT "dm_attribute_instance_entity_id_dm_entity_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."dm_entity"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dm_connector" ADD CONSTRAINT "dm_connector_dataset_id_dm_dataset_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."dm_dataset"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dm_entity" ADD CONSTRAINT "dm_entity_dataset_id_dm_dataset_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."dm_dataset"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dm_rejected_record" ADD CONSTRAINT "dm_rejected_record_connector_id_dm_connector_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."dm_connector"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dm_rejected_record" ADD CONSTRAINT "dm_rejected_record_dataset_id_dm_dataset_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."dm_dataset"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dm_subscription" ADD CONSTRAINT "dm_subscription_grant_id_dm_access_grant_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."dm_access_grant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dm_access_grant_service_id_index" ON "dm_access_grant" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "dm_access_grant_token_sha256_index" ON "dm_access_grant" USING btree ("token_sha256");--> statement-breakpoint
CREATE INDEX "dm_attribute_instance_entity_type_observed_at_index" ON "dm_attribute_instance" USING btree ("entity_type","observed_at");--> statement-breakpoint
CREATE INDEX "dm_attribute_instance_entity_id_attribute_observed_at_index" ON "dm_attribute_instance" USING btree ("entity_id","attribute","observed_at");--> statement-breakpoint
CREATE INDEX "dm_connector_dataset_id_index" ON "dm_connector" USING btree ("dataset_id");--> statement-breakpoint
CREATE INDEX "dm_connector_next_run_at_index" ON "dm_connector" USING btree ("next_run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dm_dataset_entity_type_index" ON "dm_dataset" USING btree ("entity_type");--> statement-breakpoint
CREATE INDEX "dm_entity_type_index" ON "dm_entity" USING btree ("type");--> statement-breakpoint
CREATE INDEX "dm_entity_dataset_id_index" ON "dm_entity" USING btree ("dataset_id");--> statement-breakpoint
CREATE INDEX "dm_rejected_record_connector_id_received_at_index" ON "dm_rejected_record" USING btree ("connector_id","received_at");--> statement-breakpoint
CREATE INDEX "dm_rejected_record_dataset_id_received_at_index" ON "dm_rejected_record" USING btree ("dataset_id","received_at");--> statement-breakpoint
CREATE INDEX "dm_subscription_entity_type_index" ON "dm_subscription" USING btree ("entity_type");