import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { OPEN_PATH } from './auth/route-group';
import { AppConfig } from './config/app-config';

/** Swagger UI at /docs and the OpenAPI 3 document at /openapi.json, with both auth schemes. */
export function setupSwagger(app: NestFastifyApplication, config: AppConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('P2P Coordinator')
      .setDescription(
        'Coordinates peer-to-peer sessions for Ragnarok Online clients: tokens, hosts, zones, sessions, WebRTC signaling.',
      )
      .setVersion(config.service.version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addApiKey({ type: 'apiKey', in: 'header', name: config.auth.apiKeyHeader }, 'api-key')
      .build(),
  );
  // Either scheme authorises (the guards accept an admin key or a token), so "Authorize" in the UI
  // sends the credential on every operation; open routes (probes, metrics) say they need none.
  document.security = [{ bearer: [] }, { 'api-key': [] }];
  for (const [path, operations] of Object.entries(document.paths)) {
    if (OPEN_PATH.test(path)) {
      for (const operation of Object.values(operations as Record<string, { security?: unknown[] }>)) {
        operation.security = [];
      }
    }
  }
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    swaggerOptions: { persistAuthorization: true },
  });
}
