/** Stored sessions of one status in one zone, and the players they seat. */
export interface SessionTally {
  status: string;
  zone: string;
  count: number;
  players: number;
}
