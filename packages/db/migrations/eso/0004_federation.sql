CREATE TABLE "federated_specification_change" (
	"id" serial PRIMARY KEY NOT NULL,
	"service_specification_id" text NOT NULL,
	"peer_id" text NOT NULL,
	"remote_id" text NOT NULL,
	"change" text NOT NULL,
	"from_version" text,
	"to_version" text,
	"changed_attributes" jsonb,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "peer_check" (
	"id" serial PRIMARY KEY NOT NULL,
	"peer_id" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"availability" text NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"removed" integer DEFAULT 0 NOT NULL,
	"restored" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "peer_specification_sync" (
	"peer_id" text NOT NULL,
	"remote_id" text NOT NULL,
	"remote_version" text,
	"remote_last_update" text,
	"list_fingerprint" text,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "peer_specification_sync_peer_id_remote_id_pk" PRIMARY KEY("peer_id","remote_id")
);
--> statement-breakpoint
ALTER TABLE "peer" ALTER COLUMN "api_token" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "peer" ADD COLUMN "dialect" text DEFAULT 'tmf' NOT NULL;--> statement-breakpoint
ALTER TABLE "peer" ADD COLUMN "oauth2" jsonb;--> statement-breakpoint
ALTER TABLE "federated_specification_change" ADD CONSTRAINT "federated_specification_change_peer_id_peer_id_fk" FOREIGN KEY ("peer_id") REFERENCES "public"."peer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_check" ADD CONSTRAINT "peer_check_peer_id_peer_id_fk" FOREIGN KEY ("peer_id") REFERENCES "public"."peer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_specification_sync" ADD CONSTRAINT "peer_specification_sync_peer_id_peer_id_fk" FOREIGN KEY ("peer_id") REFERENCES "public"."peer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "federated_specification_change_service_specification_id_changed_at_index" ON "federated_specification_change" USING btree ("service_specification_id","changed_at");--> statement-breakpoint
CREATE INDEX "federated_specification_change_peer_id_changed_at_index" ON "federated_specification_change" USING btree ("peer_id","changed_at");--> statement-breakpoint
CREATE INDEX "peer_check_peer_id_checked_at_index" ON "peer_check" USING btree ("peer_id","checked_at");