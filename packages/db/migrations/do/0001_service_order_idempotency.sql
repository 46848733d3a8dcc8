CREATE TABLE "service_order_idempotency_key" (
	"client_id" text NOT NULL,
	"key" text NOT NULL,
	"service_order_id" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_order_idempotency_key_client_id_key_pk" PRIMARY KEY("client_id","key")
);
--> statement-breakpoint
ALTER TABLE "service_order_idempotency_key" ADD CONSTRAINT "service_order_idempotency_key_service_order_id_service_order_id_fk" FOREIGN KEY ("service_order_id") REFERENCES "public"."service_order"("id") ON DELETE cascade ON UPDATE no action;