CREATE TABLE "account" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"user_id" text NOT NULL,
	CONSTRAINT "session_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "user" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"role" text DEFAULT 'customer' NOT NULL,
	"organization_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "verification" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cancel_product_order" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"state" text NOT NULL,
	"product_order_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_catalog" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"name" text NOT NULL,
	"lifecycle_status" text
);
--> statement-breakpoint
CREATE TABLE "product_category" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"name" text NOT NULL,
	"lifecycle_status" text
);
--> statement-breakpoint
CREATE TABLE "product_offering" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"name" text NOT NULL,
	"version" text,
	"lifecycle_status" text
);
--> statement-breakpoint
CREATE TABLE "product_offering_price" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"name" text NOT NULL,
	"lifecycle_status" text
);
--> statement-breakpoint
CREATE TABLE "product_order" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"state" text NOT NULL,
	"customer_id" text,
	"service_order_id" text,
	"next_attempt_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "product_order_state_history" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"product_order_id" text NOT NULL,
	"state" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "product_specification" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"name" text NOT NULL,
	"version" text,
	"lifecycle_status" text
);
--> statement-breakpoint
CREATE TABLE "individual" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"name" text,
	"status" text
);
--> statement-breakpoint
CREATE TABLE "organization" (
	"id" text PRIMARY KEY NOT NULL,
	"href" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"document" jsonb NOT NULL,
	"name" text NOT NULL,
	"status" text
);
--> statement-breakpoint
ALTER TABLE "account" ADD CONSTRAINT "account_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_order_state_history" ADD CONSTRAINT "product_order_state_history_product_order_id_product_order_id_fk" FOREIGN KEY ("product_order_id") REFERENCES "public"."product_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_user_id_index" ON "account" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "session_user_id_index" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "verification_identifier_index" ON "verification" USING btree ("identifier");--> statement-breakpoint
CREATE INDEX "product_offering_lifecycle_status_index" ON "product_offering" USING btree ("lifecycle_status");--> statement-breakpoint
CREATE INDEX "product_order_state_index" ON "product_order" USING btree ("state");--> statement-breakpoint
CREATE INDEX "product_order_next_attempt_at_index" ON "product_order" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE INDEX "product_order_customer_id_index" ON "product_order" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "product_order_state_history_product_order_id_index" ON "product_order_state_history" USING btree ("product_order_id");