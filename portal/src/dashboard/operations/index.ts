// Every document the dashboard may send: the build of the trusted-document
// list (scripts/write-trusted-documents.ts) reads exactly these.
export * from './audit.ts';
export * from './change-evidence.ts';
export * from './corrections.ts';
export * from './deletion-requests.ts';
export * from './invitations.ts';
export * from './objections.ts';
export * from './privacy-packages.ts';
export * from './retention.ts';
export * from './second-factor.ts';
export * from './session.ts';
export * from './tokens.ts';
export * from './users.ts';
