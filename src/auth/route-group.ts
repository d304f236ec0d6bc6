import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROUTE_GROUP, RouteGroup } from './route-group.decorator';

/**
 * Probes, metrics and docs stay open whoever declares them (some are added by other modules and
 * must never be locked behind a key a monitoring system does not have).
 */
export const OPEN_PATH = /^\/(health|api\/v1\/health|metrics|docs|openapi\.json)(\/|\?|$)/;

interface HttpRequestLike {
  url?: string;
}

/** The declared group of the handler (or its controller); undeclared routes fail closed as admin. */
export function routeGroupOf(reflector: Reflector, context: ExecutionContext): RouteGroup {
  const declared = reflector.getAllAndOverride<RouteGroup | undefined>(ROUTE_GROUP, [
    context.getHandler(),
    context.getClass(),
  ]);
  if (declared) {
    return declared;
  }
  const url = context.switchToHttp().getRequest<HttpRequestLike>().url ?? '';
  return OPEN_PATH.test(url) ? 'public' : 'admin';
}
