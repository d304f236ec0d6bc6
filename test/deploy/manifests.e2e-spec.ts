import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ENV_SPEC } from '../../src/config/env-spec';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { metricNames, scrape } from '../utils/prometheus';

const ROOT = join(__dirname, '..', '..');
const ENV_NAMES = new Set(ENV_SPEC.flatMap((spec) => [spec.name, ...(spec.fallbacks ?? [])]));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const K8S = readdirSync(join(ROOT, 'deploy/k8s')).filter((file) => file.endsWith('.yaml'));
const k8s: any[] = K8S.flatMap((file) => parseAllDocuments(read(`deploy/k8s/${file}`)).map((doc) => doc.toJSON()));
const byKind = (kind: string): any => k8s.find((doc) => doc?.kind === kind);
const compose: any = parse(read('docker/docker-compose.yml'));
const dockerfile = read('docker/Dockerfile');
const alerts: any = parse(read('deploy/prometheus/alerts.yaml'));
const dashboard: any = JSON.parse(read('deploy/grafana/coordinator-dashboard.json'));

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
    ]) {
      expect(byKind(kind)).toBeDefined();
    }
    expect(Object.keys(compose.services).sort()).toEqual(['coordinator', 'migrate', 'nginx', 'postgres', 'redis']);
    expect(alerts.groups[0].rules.length).toBeGreaterThanOrEqual(6);
    expect(dashboard.panels.length).toBeGreaterThan(10);
  });

  it('should use only variables the coordinator reads', () => {
    const deployment = byKind('Deployment');
    const container = deployment.spec.template.spec.containers[0];
    const names = [
      ...Object.keys(byKind('ConfigMap').data),
      ...Object.keys(byKind('Secret').stringData),
      ...container.env.map((entry: { name: string }) => entry.name),
      ...Object.keys(compose.services.coordinator.environment),
      ...Object.keys(compose.services.migrate.environment),
      ...[...dockerfile.matchAll(/^\s+([A-Z_]+)=/gm)].map((m) => m[1]).filter((name) => name !== 'NODE_ENV'),
    ];
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((name) => !ENV_NAMES.has(name))).toEqual([]);
  });

  it('should probe, expose and scrape the ports and paths the app serves', () => {
    const configMap = byKind('ConfigMap').data;
    const container = byKind('Deployment').spec.template.spec.containers[0];
    const ports = Object.fromEntries(container.ports.map((port: any) => [port.name, port.containerPort]));
    expect(ports).toEqual({ http: Number(configMap.PORT), metrics: Number(configMap.PROMETHEUS_PORT) });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.resources.requests).toEqual(
      expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
    );
    const service = byKind('Service');
    expect(service.spec.ports.map((port: any) => port.targetPort).sort()).toEqual(['http', 'metrics']);
    expect(byKind('ServiceMonitor').spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/metrics' });
    const grace = byKind('Deployment').spec.template.spec.terminationGracePeriodSeconds;
    expect(grace).toBeGreaterThan(Number(configMap.SHUTDOWN_TIMEOUT_SECONDS));
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/health\/live/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
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
