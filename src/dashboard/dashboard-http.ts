import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '../config/app-config';
import { registerDashboardAccess } from './dashboard-access';
import { publicDir, readIndexHtml, registerDashboardAssets, registerFavicon, withKeyHeader } from './dashboard-assets';

/**
 * Wires the dashboard into Fastify. Done in the constructor: providers are built before Nest
 * registers routes and before Fastify becomes ready, the last moment hooks and plugins may be added.
 */
@Injectable()
export class DashboardHttp {
  readonly indexHtml: string;

  constructor(adapterHost: HttpAdapterHost, config: AppConfig) {
    const root = publicDir();
    this.indexHtml = withKeyHeader(readIndexHtml(root), config.auth.apiKeyHeader);
    const fastify = adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) {
      registerDashboardAccess(fastify, config);
      registerDashboardAssets(fastify, root);
      registerFavicon(fastify, root);
    }
  }
}
