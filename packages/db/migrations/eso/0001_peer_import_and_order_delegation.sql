CREATE TABLE "peer_import" (
	"id" serial PRIMARY KEY NOT NULL,
	"peer_id" text NOT NULL,
	"remote_id" text NOT NULL,
	"catalog_id" text NOT NULL,
	"category_id" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_order_idempotency_key" (
	"client_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"service_order_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_order_idempotency_key_client_id_key_pk" PRIMARY KEY("client_id","key")
);
--> statement-breakpoint
ALTER TABLE "service_order_delegation" DROP CONSTRAINT "service_order_delegation_peer_id_peer_id_fk";
--> statement-breakpoint
ALTER TABLE "service_order_delegation" ALTER COLUMN "peer_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "service_order_delegation" ADD COLUMN "peer_name" text NOT NULL;--> statement-breakpoint
ALTER TABLE "service_order_delegation" ADD COLUMN "order_request" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "service_order_delegation" ADD COLUMN "failed_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "service_order_delegation" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "peer_import" ADD CONSTRAINT "peer_import_peer_id_peer_id_fk" FOREIGN KEY ("peer_id") REFERENCES "public"."peer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "peer_import_peer_id_remote_id_catalog_id_category_id_index" ON "peer_import" USING btree ("peer_id","remote_id","catalog_id","category_id");--> statement-breakpoint
ALTER TABLE "service_order_delegation" ADD CONSTRAINT "service_order_delegation_peer_id_peer_id_fk" FOREIGN KEY ("peer_id") REFERENCES "public"."peer"("id") ON DELETE set null ON UPDATE no action;