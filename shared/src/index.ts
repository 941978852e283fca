export * from './domain';
export * from './schemas/common';
export * from './schemas/directory';
export * from './schemas/slots';
export * from './schemas/slot-events';
export * from './schemas/auth';
export * from './schemas/patients';
export * from './schemas/bookings';
