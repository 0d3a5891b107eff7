/**
 * The type a contracts schema parses to, for schemas the contracts package does not also export as a
 * type. Reads zod's own declaration, so the console needs no direct zod dependency for types.
 */
export type Infer<Schema extends { _output: unknown }> = Schema['_output'];
