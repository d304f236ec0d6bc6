import { Injectable, Logger } from '@nestjs/common';
import type { AuditEntry, AuditRecord } from './audit.record';
import { AuditCursor, AuditRepository } from './audit.repository';

/**
 * The audit trail of admin actions (docs/security.md, "Moderation"). An entry is written after the
 * action succeeded; a failed write is logged and does not undo or fail the action.
 */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger(AuditTrail.name);

  constructor(private readonly repository: AuditRepository) {}

  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.repository.insert(entry);
    } catch (error) {
      this.logger.error(
        `Audit entry not written (${entry.action} on ${entry.target ?? '-'} by ${entry.actor}): ${(error as Error).message}`,
      );
    }
  }

  list(limit: number, before?: AuditCursor): Promise<AuditRecord[]> {
    return this.repository.list(limit, before);
  }
}
