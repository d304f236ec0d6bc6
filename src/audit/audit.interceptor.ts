import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, mergeMap, Observable } from 'rxjs';
import { principalOf } from '../auth/request-credentials';
import { actorOf } from './actor';
import { AuditTrail } from './audit-trail.service';
import { AUDITED, AuditedMetadata, AuditedRequest } from './audited.metadata';

type RequestLike = AuditedRequest & Parameters<typeof principalOf>[0];

/**
 * Writes the audit entry of a route marked `@Audited(...)` after its handler succeeded, before the
 * answer goes out (so an admin reading the trail right after sees it). `@Audited` puts it on the
 * routes it marks; a route without the marker passes through.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const audited =
      context.getType() === 'http' ? this.reflector.get<AuditedMetadata>(AUDITED, context.getHandler()) : undefined;
    if (!audited) {
      return next.handle();
    }
    const request = context.switchToHttp().getRequest<RequestLike>();
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          this.trail
            .record({
              actor: actorOf(principalOf(request)),
              action: audited.action,
              target: audited.target?.(request) ?? null,
              reason: null,
              details: audited.details?.(request, result) ?? null,
            })
            .then(() => result),
        ),
      ),
    );
  }
}
