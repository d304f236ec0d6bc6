import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { OPEN_PATH } from './auth/route-group';
import { AppConfig } from './config/app-config';
import { SIGNALING_PATH } from './signaling/signaling.gateway';

/**
 * The WebSocket endpoint as an operation: Nest's gateways are not routes, so Swagger would not show
 * it, yet it is where players spend their time. "Try it out" cannot open a WebSocket; the text says how.
 */
function signalingOperation(config: AppConfig): Record<string, unknown> {
  const query = (name: string, description: string) => ({
    name,
    in: 'query',
    required: false,
    schema: { type: 'string' },
    description,
  });
  return {
    get: {
      tags: ['signaling'],
      operationId: 'SignalingSocket',
      summary: 'WebSocket signaling (upgrade)',
      description: [
        'Open a WebSocket here: an HTTP/1.1 `GET` with `Connection: Upgrade` and `Upgrade: websocket` is answered',
        '`101 Switching Protocols`, and from then on the socket carries JSON signaling messages (create_session, join,',
        'leave, offer, answer, ice-candidate, position, …) and binary P2P2 frames.',
        `The same endpoint is served over TLS on TLS_PORT when TLS_CERT_FILE is set; messages above ${config.ws.maxMessageBytes} bytes close the socket (1009).`,
        '',
        "Every message, error code and close code: [docs/signaling.md](docs/signaling.md) in the coordinator's sources.",
      ].join('\n'),
      externalDocs: { description: 'docs/signaling.md: connecting, every message, errors', url: 'docs/signaling.md' },
      parameters: [
        query('peer_id', 'Identifies the peer at once (optional).'),
        query('session_id', 'Joins that session at once (optional).'),
        query('token', 'Access token when JWT_VALIDATION_ENABLED=true (or `Authorization: Bearer`).'),
      ],
      responses: {
        '101': {
          description:
            'Switching Protocols: the socket is open. A refused peer (JWT on and no valid token, a ban, …) gets an `error` message and a close code, not an HTTP status.',
        },
      },
    },
  };
}

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
  (document.paths as Record<string, unknown>)[SIGNALING_PATH] = signalingOperation(config);
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
