import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { METRICS_PATH, metricsRequestAllowed } from './metrics-key';

/** Guards `/metrics` on the main port with METRICS_API_KEY when it is set (see metrics-key.ts). */
@Injectable()
export class MetricsKeyGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || !this.config.metrics.apiKey) {
      return true;
    }
    const request = context.switchToHttp().getRequest<{ url?: string; headers: IncomingHttpHeaders }>();
    if (!METRICS_PATH.test(request.url ?? '') || metricsRequestAllowed(request.headers, this.config)) {
      return true;
    }
    throw new AppError('UNAUTHORIZED', 'Metrics need METRICS_API_KEY as a Bearer token or in the API key header');
  }
}
