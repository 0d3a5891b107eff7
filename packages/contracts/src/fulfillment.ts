// Schemas and types of the fulfillment module's API; filled by that module.
export {};
