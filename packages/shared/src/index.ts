/** The contract between the API and the console. */
export * from './fields';
export * from './errors';
