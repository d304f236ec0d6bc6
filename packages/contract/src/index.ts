/** The wire contract shared by the coordinator and its clients. */
export * from './signaling';
