import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
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
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    swaggerOptions: { persistAuthorization: true },
  });
}
