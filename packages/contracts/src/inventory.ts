// Schemas and types of the inventory module's API; filled by that module.
export {};
