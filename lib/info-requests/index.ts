// Requests for public information (Law 2939-VI): the pure rules the API, the workers and the portal share.
export * from './vocabulary.ts';
export * from './check.ts';
export * from './registration-index.ts';
export * from './fee.ts';
export * from './outcomes.ts';
export * from './terms.ts';
