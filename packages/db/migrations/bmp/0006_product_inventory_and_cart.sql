CREATE TABLE "product" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"customer_id" text,
	"product_offering_id" text,
	"product_order_id" text NOT NULL,
	"product_order_item_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shopping_cart" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"customer_id" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "product" ADD CONSTRAINT "product_product_order_id_product_order_id_fk" FOREIGN KEY ("product_order_id") REFERENCES "public"."product_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_customer_id_index" ON "product" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "product_status_index" ON "product" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "product_product_order_id_product_order_item_id_index" ON "product" USING btree ("product_order_id","product_order_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shopping_cart_customer_id_index" ON "shopping_cart" USING btree ("customer_id");