// Stands in for the `server-only` marker package in tests, which run outside the React server environment.
export {};
