export * from './errors.js';
export * from './permissions.js';
export * from './identity.js';
export * from './audit.js';
export * from './buyers.js';
