export * from './basics';
