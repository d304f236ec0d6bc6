/** The wire contract shared by the coordinator and its clients. */
export * from './errors';
export * from './frame';
export * from './ice';
export * from './node-messages';
export * from './rest';
export * from './signaling';
