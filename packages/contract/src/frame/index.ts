export * from './frame';
export * from './bytes';
export * from './frame-auth';
export * from './frame-codec';
export * from './frame-validator';
export * from './relay';
