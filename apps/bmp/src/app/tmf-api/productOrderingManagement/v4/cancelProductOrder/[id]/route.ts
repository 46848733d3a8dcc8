import { cancelProductOrderHandlers } from "@/server/tmf/product-ordering";

// GET …/cancelProductOrder/{id} – retrieve a cancellation request and its state
export const { GET } = cancelProductOrderHandlers.item;
