import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ANONYMOUS, Principal } from './principal';
import { principalOf } from './request-credentials';

/** The caller as the guards established it; services apply the ownership rules with it. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    principalOf(context.switchToHttp().getRequest()) ?? ANONYMOUS,
);
