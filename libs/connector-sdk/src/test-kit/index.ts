/** Test kit for connector authors: render, measure and attack a connector with no database or queue. */
export * from './assertions';
export * from './hostile-values';
export * from './render-every-sample';
export * from './render-hostile-samples';
export * from './unescaped-markdown';
