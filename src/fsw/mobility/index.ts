export * from './types';
export * from './steering';
