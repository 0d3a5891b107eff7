// Schemas and types of the payments module's API; filled by that module.
export {};
