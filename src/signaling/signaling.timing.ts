/** Live-state timings. Keys live three refresh periods, so one missed refresh loses nothing. */
export const LIVE_REFRESH_MS = 20_000;
export const LIVE_TTL_MS = 60_000;
export const NODE_BEAT_MS = 5_000;
export const NODE_TTL_MS = 15_000;
export const PING_INTERVAL_MS = 25_000;
