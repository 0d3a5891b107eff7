// Schemas and types of the orders module's API; filled by that module.
export {};
