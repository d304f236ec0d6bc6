// Browsers have no Buffer, which the SDK and the wire contract use for frames. The bundle injects
// this module: esbuild replaces every free `Buffer` with this export (the `buffer` package).
export { Buffer } from 'buffer';
