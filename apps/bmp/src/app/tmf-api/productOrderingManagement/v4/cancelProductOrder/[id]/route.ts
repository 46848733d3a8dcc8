import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { cancelProductOrderHandlers } from "@/server/tmf/product-ordering";

// GET …/cancelProductOrder/{id} – retrieve a cancellation request and its state
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(cancelProductOrderHandlers.item);
