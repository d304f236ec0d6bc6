import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthReportDto } from './health-report.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get(['health', 'api/v1/health'])
  @HttpCode(200)
  @ApiOperation({ summary: 'Service health in the seed guide shape; 503 when a configured dependency is down' })
  @ApiOkResponse({ type: HealthReportDto })
  @ApiServiceUnavailableResponse({ type: HealthReportDto })
  async getHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReportDto> {
    const report = await this.health.report();
    if (report.status !== 'healthy') {
      reply.status(503);
    }
    return report;
  }
}
