import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { connect } from 'node:tls';
import { parse, parseAllDocuments } from 'yaml';
import { ENV_SPEC } from '../../src/config/env-spec';
import { TlsListener } from '../../src/signaling/tls-listener.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { metricNames, scrape } from '../utils/prometheus';

const ROOT = join(__dirname, '..', '..');
const ENV_NAMES = new Set(ENV_SPEC.flatMap((spec) => [spec.name, ...(spec.fallbacks ?? [])]));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const K8S = readdirSync(join(ROOT, 'deploy/k8s')).filter((file) => file.endsWith('.yaml'));
const k8s: any[] = K8S.flatMap((file) => parseAllDocuments(read(`deploy/k8s/${file}`)).map((doc) => doc.toJSON()));
const byKind = (kind: string): any => k8s.find((doc) => doc?.kind === kind);
const byName = (kind: string, name: string): any =>
  k8s.find((doc) => doc?.kind === kind && doc.metadata?.name === name);
const compose: any = parse(read('docker/docker-compose.yml'));
const kustomization: any = parse(read('deploy/k8s/kustomization.yaml'));
const nginxConf = read('docker/nginx.conf');
const TURN_CONF = 'deploy/k8s/coturn/turnserver.conf';
const dockerfile = read('docker/Dockerfile');
const alerts: any = parse(read('deploy/prometheus/alerts.yaml'));
const dashboard: any = JSON.parse(read('deploy/grafana/coordinator-dashboard.json'));

/** A compose volume `source:target[:ro]` as its parts. */
function volume(entry: string): { source: string; target: string } {
  // The source may be an interpolation with a colon of its own (`${DIR:-./certs}`).
  const [, source, target] = /^(.+):(\/[^:]*)(?::ro|:rw)?$/.exec(entry) ?? [];
  return { source, target };
}

/** The server block of nginx.conf that listens on `port`. */
function nginxServer(port: number): string {
  const blocks = nginxConf.split(/^server \{$/m).slice(1);
  return blocks.find((block) => new RegExp(`^\\s*listen ${port}\\b`, 'm').test(block)) ?? '';
}

/** turnserver.conf as option → values (options without a value map to ''). */
function turnOptions(): Map<string, string[]> {
  const options = new Map<string, string[]>();
  for (const line of read(TURN_CONF).split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      continue;
    }
    const [key, ...rest] = trimmed.split('=');
    options.set(key, [...(options.get(key) ?? []), rest.join('=')]);
  }
  return options;
}

/** `dist/src/x.js` is what `src/x.ts` compiles to. */
const sourceOf = (distPath: string): string => distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');

/** Metric names in a PromQL expression (families; histogram suffixes resolved against the scrape). */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b((?:p2p|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]);
}

describe('Deployment files', () => {
  it('should parse every manifest, the compose file, the alerts and the dashboard', () => {
    expect(K8S.length).toBeGreaterThanOrEqual(8);
    expect(k8s.every((doc) => typeof doc?.kind === 'string' && typeof doc?.apiVersion === 'string')).toBe(true);
    for (const kind of [
      'Deployment',
      'Service',
      'ConfigMap',
      'Secret',
      'PodDisruptionBudget',
      'HorizontalPodAutoscaler',
      'Job',
      'ServiceMonitor',
      'DaemonSet',
      'PersistentVolumeClaim',
      'Certificate',
    ]) {
      expect(byKind(kind)).toBeDefined();
    }
    expect(Object.keys(compose.services).sort()).toEqual([
      'coordinator',
      'coturn',
      'migrate',
      'nginx',
      'postgres',
      'redis',
    ]);
    // Every manifest but the examples is applied by the kustomization.
    const listed = new Set(kustomization.resources);
    expect(
      K8S.filter((file) => !file.includes('.example.') && file !== 'kustomization.yaml' && !listed.has(file)),
    ).toEqual([]);
    expect(alerts.groups[0].rules.length).toBeGreaterThanOrEqual(6);
    expect(dashboard.panels.length).toBeGreaterThan(10);
  });

  it('should use only variables the coordinator reads', () => {
    const deployment = byKind('Deployment');
    const container = deployment.spec.template.spec.containers[0];
    // coturn's TURN_SECRET is the coordinator's; TURN_EXTERNAL_IP is read by its start script.
    const coturnOnly = new Set(['TURN_EXTERNAL_IP']);
    const names = [
      ...byKind('DaemonSet').spec.template.spec.containers[0].env.map((entry: { name: string }) => entry.name),
      ...Object.keys(compose.services.coturn.environment),
      ...Object.keys(byKind('ConfigMap').data),
      ...Object.keys(byKind('Secret').stringData),
      ...container.env.map((entry: { name: string }) => entry.name),
      ...Object.keys(compose.services.coordinator.environment),
      ...Object.keys(compose.services.migrate.environment),
      ...[...dockerfile.matchAll(/^\s+([A-Z_]+)=/gm)].map((m) => m[1]).filter((name) => name !== 'NODE_ENV'),
    ];
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((name) => !ENV_NAMES.has(name) && !coturnOnly.has(name))).toEqual([]);
  });

  it('should probe, expose and scrape the ports and paths the app serves', () => {
    const configMap = byKind('ConfigMap').data;
    const container = byKind('Deployment').spec.template.spec.containers[0];
    const ports = Object.fromEntries(container.ports.map((port: any) => [port.name, port.containerPort]));
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.resources.requests).toEqual(
      expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
    );
    expect(ports).toEqual({
      http: Number(configMap.PORT),
      metrics: Number(configMap.PROMETHEUS_PORT),
      tls: Number(configMap.TLS_PORT),
    });
    const service = byName('Service', 'p2p-coordinator');
    expect(service.spec.ports.map((port: any) => port.targetPort).sort()).toEqual(['http', 'metrics']);
    expect(byKind('ServiceMonitor').spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/metrics' });
    const grace = byKind('Deployment').spec.template.spec.terminationGracePeriodSeconds;
    expect(grace).toBeGreaterThan(Number(configMap.SHUTDOWN_TIMEOUT_SECONDS));
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/health\/live/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('should build and run on Node 22', () => {
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThanOrEqual(2);
    expect(bases.filter((image) => !/^node:22-/.test(image))).toEqual([]);
  });

  it('should serve TLS_PORT in Kubernetes with the kubernetes.io/tls Secret mounted as a directory', () => {
    const configMap = byKind('ConfigMap').data;
    expect(configMap.TLS_PORT).toBe('8443');
    const pod = byKind('Deployment').spec.template.spec;
    const mount = pod.containers[0].volumeMounts.find((m: any) => m.mountPath === dirname(configMap.TLS_CERT_FILE));
    expect(mount).toBeDefined();
    expect(mount.subPath).toBeUndefined(); // a subPath mount never sees a renewal
    expect(dirname(configMap.TLS_KEY_FILE)).toBe(mount.mountPath);
    const secretName = pod.volumes.find((v: any) => v.name === mount.name).secret.secretName;
    const tlsSecret = byName('Secret', secretName);
    expect(tlsSecret.type).toBe('kubernetes.io/tls');
    expect(Object.keys(tlsSecret.stringData).sort()).toEqual(['tls.crt', 'tls.key']);
    expect([posix.basename(configMap.TLS_CERT_FILE), posix.basename(configMap.TLS_KEY_FILE)]).toEqual([
      'tls.crt',
      'tls.key',
    ]);
    expect(byKind('Certificate').spec.secretName).toBe(secretName);
    // Players reach REST and TLS through a layer-4 load balancer that keeps their address.
    const exposed = k8s.filter((doc) => doc.kind === 'Service' && doc.spec.type === 'LoadBalancer');
    expect(exposed).toHaveLength(1);
    expect(exposed[0].spec.externalTrafficPolicy).toBe('Local');
    expect(exposed[0].spec.ports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ port: 8443, targetPort: 'tls' }),
        expect.objectContaining({ port: Number(configMap.PORT), targetPort: 'http' }),
      ]),
    );
    expect(exposed[0].spec.ports.some((port: any) => port.targetPort === 'metrics')).toBe(false);
  });

  it('should serve 8443 in compose: nginx terminates with the mounted certificate and proxies wss', () => {
    const env = compose.services.coordinator.environment;
    expect(env.TLS_PORT).toBe('8443');
    const coordinatorCerts = compose.services.coordinator.volumes.map(volume);
    const certMount = coordinatorCerts.find((v: any) => v.target === dirname(env.TLS_CERT_FILE));
    expect(certMount).toBeDefined();
    expect(dirname(env.TLS_KEY_FILE)).toBe(certMount.target);
    // nginx mounts the same directory and publishes 8443.
    const nginx = compose.services.nginx;
    expect(nginx.ports).toContain('8443:8443');
    const nginxCerts = nginx.volumes.map(volume).find((v: any) => v.source === certMount.source);
    expect(nginxCerts).toBeDefined();
    const server = nginxServer(8443);
    expect(server).toMatch(/listen 8443 ssl/);
    expect(server).toMatch(/ssl_protocols[^;]*TLSv1\.2/);
    expect(server).toContain(`ssl_certificate     ${nginxCerts.target}/tls.crt;`);
    expect(server).toContain(`ssl_certificate_key ${nginxCerts.target}/tls.key;`);
    // The WebSocket location upgrades, forwards the player's address, and reaches the replicas' TLS_PORT.
    const ws = /location \/api\/v1\/signaling\/ws \{([^}]*)\}/.exec(server)?.[1] ?? '';
    expect(ws).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(ws).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(ws).toMatch(/proxy_set_header X-Forwarded-For/);
    const upstream = /proxy_pass https:\/\/(\w+);/.exec(ws)?.[1];
    expect(nginxConf).toMatch(new RegExp(`upstream ${upstream} \\{\\s*server coordinator:${env.TLS_PORT};`));
    expect(env.TRUSTED_PROXIES).toBeDefined();
  });

  it('should run coturn with the secret the coordinator mints credentials with', () => {
    const options = turnOptions();
    expect(options.has('use-auth-secret')).toBe(true);
    expect(options.has('static-auth-secret')).toBe(false); // appended from TURN_SECRET at start
    expect(options.has('no-auth')).toBe(false);
    expect(options.get('realm')).toHaveLength(1);
    const port = options.get('listening-port')?.[0];
    expect(Number(options.get('min-port')?.[0])).toBeLessThan(Number(options.get('max-port')?.[0]));
    // Compose: both read the same interpolated TURN_SECRET; TURN_SERVERS names coturn's port.
    const coordinatorEnv = compose.services.coordinator.environment;
    const coturn = compose.services.coturn;
    expect(coturn.environment.TURN_SECRET).toBe(coordinatorEnv.TURN_SECRET);
    expect(coturn.network_mode).toBe('host');
    expect(coturn.volumes.map(volume).map((v: any) => v.source)).toContain(`../${TURN_CONF}`);
    for (const url of String(coordinatorEnv.TURN_SERVERS).split(',')) {
      expect(url).toMatch(new RegExp(`^turn:.+:${port}\\?transport=(udp|tcp)$`));
    }
    // Kubernetes: the same Secret key on both sides, the same options file.
    const secret = byName('Secret', 'p2p-coordinator');
    expect(secret.stringData.TURN_SECRET).toBeDefined();
    const coordinator = byKind('Deployment').spec.template.spec.containers[0];
    expect(coordinator.envFrom).toContainEqual({ secretRef: { name: 'p2p-coordinator' } });
    const daemonSet = byKind('DaemonSet').spec.template.spec;
    expect(daemonSet.hostNetwork).toBe(true);
    const turnEnv = daemonSet.containers[0].env.find((entry: any) => entry.name === 'TURN_SECRET');
    expect(turnEnv.valueFrom.secretKeyRef).toEqual({ name: 'p2p-coordinator', key: 'TURN_SECRET' });
    const configName = daemonSet.volumes.find((v: any) => v.configMap).configMap.name;
    const generated = kustomization.configMapGenerator.find((gen: any) => gen.name === configName);
    expect(generated.files).toEqual(expect.arrayContaining(['coturn/turnserver.conf', 'coturn/coturn-start.sh']));
    for (const url of String(byKind('ConfigMap').data.TURN_SERVERS).split(',')) {
      expect(url).toMatch(new RegExp(`^turn:.+:${port}\\?transport=(udp|tcp)$`));
    }
  });

  it('should mount the map cache and pass the webhook settings', () => {
    const configMap = byKind('ConfigMap').data;
    const pod = byKind('Deployment').spec.template.spec;
    const mount = pod.containers[0].volumeMounts.find((m: any) => m.mountPath === dirname(configMap.MAP_CACHE_FILE));
    expect(mount.readOnly).toBe(true);
    const claim = pod.volumes.find((v: any) => v.name === mount.name).persistentVolumeClaim.claimName;
    expect(byName('PersistentVolumeClaim', claim)).toBeDefined();
    const secret = byName('Secret', 'p2p-coordinator').stringData;
    expect(Object.keys(secret)).toEqual(expect.arrayContaining(['WEBHOOK_URLS', 'WEBHOOK_SECRET']));
    // Compose: the rAthena db/ directory is mounted where the example's MAP_CACHE_FILE points.
    const env = compose.services.coordinator.environment;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['MAP_CACHE_FILE', 'WEBHOOK_URLS', 'WEBHOOK_SECRET']));
    const example = /^# MAP_CACHE_FILE=(\S+)$/m.exec(read('docker/compose.env.example'))?.[1] ?? '';
    const targets = compose.services.coordinator.volumes.map(volume).map((v: any) => v.target);
    expect(targets).toContain(dirname(example));
  });

  it('should make a certificate the DLL accepts: TLS 1.2, no SNI, chain checked against ca.crt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfsigned-'));
    execFileSync('sh', [join(ROOT, 'docker/make-selfsigned.sh'), dir, 'coordinator.test', '127.0.0.1'], {
      stdio: 'ignore',
    });
    const app = await createTestApp({
      TLS_CERT_FILE: join(dir, 'tls.crt'),
      TLS_KEY_FILE: join(dir, 'tls.key'),
      TLS_PORT: '0',
    });
    try {
      const port = (await app.app.get(TlsListener).start())!;
      const verified = await new Promise<{ protocol: string | null; authorized: boolean }>((resolve, reject) => {
        // An IP address as host: no SNI is sent, as by the DLL. No host name check either.
        const socket = connect(
          {
            host: '127.0.0.1',
            port,
            ca: readFileSync(join(dir, 'ca.crt')),
            minVersion: 'TLSv1.2',
            maxVersion: 'TLSv1.2',
            checkServerIdentity: () => undefined,
          },
          () => {
            resolve({ protocol: socket.getProtocol(), authorized: socket.authorized });
            socket.end();
          },
        );
        socket.once('error', reject);
      });
      expect(verified).toEqual({ protocol: 'TLSv1.2', authorized: true });
    } finally {
      await app.close();
    }
  });

  it('should run the compiled entry points that exist in the source', () => {
    const job = byKind('Job').spec.template.spec.containers[0].command;
    const cmd = /CMD \["node", "([^"]+)"\]/.exec(dockerfile)?.[1];
    for (const path of [job[1], compose.services.migrate.command[1], cmd]) {
      expect(existsSync(join(ROOT, sourceOf(String(path))))).toBe(true);
    }
    expect(compose.services.migrate.command).toEqual(['node', 'dist/src/database/migrate.js']);
    expect(compose.services.coordinator.depends_on.migrate.condition).toBe('service_completed_successfully');
    expect(compose.services.postgres.image).toMatch(/^postgres:17/);
    expect(read('docker/nginx.conf')).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
  });

  describe('against a running app', () => {
    let testApp: TestApp;
    let families: Set<string>;

    beforeAll(async () => {
      testApp = await createTestApp();
      families = metricNames(await scrape(testApp.url));
    });

    afterAll(async () => {
      await testApp.close();
    });

    const known = (name: string): boolean =>
      families.has(name) || families.has(name.replace(/_(bucket|sum|count)$/, ''));

    it('should answer the probe paths', async () => {
      expect((await fetch(`${testApp.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${testApp.url}/health/ready`)).status).toBe(200);
    });

    it('should expose every metric the dashboard and the alerts use', () => {
      const dashboardMetrics = dashboard.panels.flatMap((panel: any) =>
        panel.targets.flatMap((target: any) => metricsIn(target.expr)),
      );
      const alertMetrics = alerts.groups.flatMap((group: any) =>
        group.rules.flatMap((rule: any) => metricsIn(rule.expr)),
      );
      expect(dashboardMetrics.length).toBeGreaterThan(20);
      expect(alertMetrics.length).toBeGreaterThan(8);
      expect([...new Set([...dashboardMetrics, ...alertMetrics])].filter((name) => !known(name))).toEqual([]);
    });
  });
});
