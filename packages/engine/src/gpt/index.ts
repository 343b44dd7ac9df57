export type * from './types';
export * from './data';
export * from './model';
export * from './validate';
export * from './train';
export * from './checkpoint';
export * from './sample';
