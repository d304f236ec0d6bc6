/** One admin action in the audit trail (the `moderation_audit` table). */
export interface AuditEntry {
  /** Who did it: the admin token's subject, `api-key`, or `anonymous` while every guard is off. */
  actor: string;
  /** What: `peer.kick`, `ban.create`, `ban.lift`, `zone.create`, `zone.update`, `zone.enable_p2p`, … */
  action: string;
  /** On what: a peer id, an address, a ban id, a zone id, a host id; null when the action has none. */
  target: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  at: Date;
}
