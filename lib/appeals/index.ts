// Citizens' appeals (Law 393/96-ВР): the pure rules the API, the workers and the portal share.
export * from './vocabulary.ts';
export * from './priority.ts';
export * from './registration-index.ts';
export * from './check.ts';
export * from '../token-bucket.ts';
export * from './terms.ts';
export * from './forwarding.ts';
export * from './outcomes.ts';
