/** A ban as stored (the `bans` table) and as every node holds it in memory. */
export interface BanRecord {
  id: string;
  /** The banned peer id, or null for an address ban. */
  peer_id: string | null;
  /** The banned client address (canonical form), or null for a peer id ban. */
  ip: string | null;
  reason: string;
  created_at: Date;
  /** Null: permanent. */
  expires_at: Date | null;
  /** Set when a moderator lifted it. */
  lifted_at: Date | null;
  /** Who created it: an admin token's subject, or `api-key`. */
  created_by: string;
}

/** What a peer or an address is checked against: the peer id, the client address, or both. */
export interface BanSubject {
  peerId?: string;
  ip?: string;
}
