// Schemas and types of the aftersales module's API; filled by that module.
export {};
