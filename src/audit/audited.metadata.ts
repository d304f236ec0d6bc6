/** What a route's handler saw, for an audit entry's target and details. */
export interface AuditedRequest {
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface AuditedOptions {
  /** The entry's target (a zone id, a host id …); null when the action has none. */
  target?: (request: AuditedRequest) => string | null | undefined;
  /** The entry's details: what was asked and, when useful, what came of it. */
  details?: (request: AuditedRequest, result: unknown) => Record<string, unknown> | null;
}

export const AUDITED = 'p2p:audited';

export interface AuditedMetadata extends AuditedOptions {
  action: string;
}
