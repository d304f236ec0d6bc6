import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { register } from 'prom-client';
import { PublicRoute } from '../auth/route-group.decorator';

const CONTENT_TYPE = register.contentType;

/** `/metrics` on the main port; PrometheusModule sets the path, the route group keeps it credential-free. */
@ApiTags('metrics')
@PublicRoute()
@Controller()
export class MetricsController {
  @Get()
  @Header('content-type', CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics of this node (process, HTTP, WebSocket, signaling, database-backed gauges)',
  })
  @ApiProduces(CONTENT_TYPE)
  @ApiOkResponse({
    description: 'Prometheus text exposition 0.0.4',
    schema: { type: 'string', example: 'p2p_ws_connections 3' },
  })
  index(): Promise<string> {
    return register.metrics();
  }
}
