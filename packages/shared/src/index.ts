export * from './roles.js';
export * from './appointment-lifecycle.js';
export * from './money.js';
export * from './invoice-math.js';
export * from './tax-ids.js';
