import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { AuditInterceptor } from './audit.interceptor';
import { AUDITED, AuditedMetadata, AuditedOptions } from './audited.metadata';

export type { AuditedOptions, AuditedRequest } from './audited.metadata';

/**
 * Records an admin action in the audit trail once the route succeeded (AuditInterceptor): who (the
 * caller's credential), `action`, the target and details the options pick from the request. The
 * interceptor is put on the marked routes only, not app-wide: any interceptor makes Nest run the
 * handler through an RxJS pipeline, a cost every other request would pay for nothing.
 */
export const Audited = (action: string, options: AuditedOptions = {}): MethodDecorator =>
  applyDecorators(
    SetMetadata(AUDITED, { action, ...options } satisfies AuditedMetadata),
    UseInterceptors(AuditInterceptor),
  );
