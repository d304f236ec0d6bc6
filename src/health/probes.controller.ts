import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { PublicRoute } from '../auth/route-group.decorator';
import { ReadinessIndicators } from './readiness.indicators';

/** Terminus's map of check name to `{status, ...}` (the failing ones add a `message`). */
const CHECKS_SCHEMA = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
  },
};

const RESULT_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: CHECKS_SCHEMA,
    error: CHECKS_SCHEMA,
    details: CHECKS_SCHEMA,
  },
  example: { status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } },
};

/** Kubernetes-style probes. Both are public and exempt from rate limits (see the auth route groups). */
@ApiTags('health')
@PublicRoute()
@Controller('health')
export class ProbesController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly checks: ReadinessIndicators,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency is checked)' })
  @ApiOkResponse({ schema: RESULT_SCHEMA })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: database and Redis answer, this node is registered, and it is not shutting down',
  })
  @ApiOkResponse({ schema: RESULT_SCHEMA })
  @ApiServiceUnavailableResponse({
    description: 'A check failed (named under `error`) or the node is draining',
    schema: RESULT_SCHEMA,
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    try {
      return await this.health.check([
        () => this.checks.accepting(),
        () => this.checks.database(),
        () => this.checks.redis(),
        () => this.checks.registry(),
      ]);
    } catch (error) {
      // Terminus' own body (which check failed) rather than the generic error shape: probes and operators read it.
      if (error instanceof ServiceUnavailableException) {
        reply.status(503);
        return error.getResponse();
      }
      throw error;
    }
  }
}
