// Schemas and types of the catalog module's API; filled by that module.
export {};
