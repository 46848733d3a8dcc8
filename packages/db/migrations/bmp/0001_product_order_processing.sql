ALTER TABLE "product_order" ADD COLUMN "attempt_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "product_order" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "product_order" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "product_order" ADD COLUMN "request_digest" text;--> statement-breakpoint
CREATE INDEX "cancel_product_order_product_order_id_index" ON "cancel_product_order" USING btree ("product_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "product_order_customer_id_idempotency_key_index" ON "product_order" USING btree ("customer_id","idempotency_key");