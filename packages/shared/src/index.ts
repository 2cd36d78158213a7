export * from './roles.js';
export * from './appointment-lifecycle.js';
export * from './money.js';
