// Plain constants and pure rules with no zod import, so the mini-program can use them
// without pulling a validator into its main package.
export * from './districts';
export * from './grades';
export * from './departments';
export * from './doctors';
export * from './errors';
export * from './beijing-time';
export * from './id-number';
export * from './patient-name';
export * from './phone';
export * from './relations';
export * from './masking';
export * from './health-card';
export * from './reference-range';
export * from './abnormal-flag';
export * from './analytes';
export * from './lab-units';
export * from './report-problems';
export * from './slot-record';
