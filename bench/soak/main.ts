/**
 * `npm run soak -- [--players N --duration S ...]`: the soak against two local coordinators.
 * A live progress line while it runs, a summary at the end, the report in bench/results/, and a
 * non-zero exit code when a verdict fails. Ctrl-C stops the load early and still reports.
 */
import { RESULTS_DIR } from '../lib/report';
import { SOAK_USAGE, parseSoakArgs } from './options';
import { SoakProgress, runSoak } from './run-soak';
import { writeSoakReport } from './soak-report';

function progressLine(p: SoakProgress): string {
  return [
    `${p.elapsedSec.toFixed(0).padStart(5)} s ${p.phase.padEnd(9)}`,
    `${p.connected}/${p.players} connected`,
    `sim ${p.simSentPerSec.toFixed(0)} msg/s, ${p.simErrors} errors`,
    `probes ${p.probeDelivered}/${p.probeSent} delivered, ${p.probeFailed} refused`,
    `RSS ${p.rssMiB.map((m) => `${m.toFixed(0)}`).join(' + ')} MiB`,
  ].join(' | ');
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseSoakArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${SOAK_USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${SOAK_USAGE}\n`);
    return 0;
  }
  const tty = process.stdout.isTTY === true;
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  let lastLogged = 0;
  const result = await runSoak(options, {
    signal: abort.signal,
    log: (line) => process.stdout.write(`${tty ? '\r\x1b[K' : ''}${line}\n`),
    onProgress: (p) => {
      // A TTY gets a line rewritten in place every second; a log one line every 10 s.
      if (tty) {
        process.stdout.write(`\r${progressLine(p)}\x1b[K`);
      } else if (p.elapsedSec - lastLogged >= 10 || p.phase === 'draining') {
        lastLogged = p.elapsedSec;
        process.stdout.write(`${progressLine(p)}\n`);
      }
    },
  });
  if (tty) {
    process.stdout.write('\n');
  }
  const path = writeSoakReport(result, options.resultsDir ?? RESULTS_DIR);
  const p = result.probes;
  const sim = result.simulator;
  const lines = [
    `Soak ${result.pass ? 'PASSED' : 'FAILED'}: ${options.players} players, ${options.durationSec} s, two nodes`,
    `  probes      ${p.sent} sent, ${p.delivered} delivered, ${p.failed} refused (${p.refusedYetDelivered} of them delivered anyway), ${p.lost} lost; latency after warm-up p50 ${p.windowLatencyMs.p50} / p99 ${p.windowLatencyMs.p99} / max ${p.windowLatencyMs.max} ms (whole run p99 ${p.latencyMs.p99})`,
    `  simulator   ${sim.joins} joins, ${sim.leaves} leaves, ${sim.zoneChanges} zone changes; ${sim.messages.totalSent} sent, ${sim.messages.totalReceived} received; offer→answer p50 ${sim.signalLatencyMs.p50} / p99 ${sim.signalLatencyMs.p99} ms`,
    `  errors      ${JSON.stringify(sim.errors)}`,
    ...result.memory.nodes.map(
      (m) =>
        `  ${m.name}  RSS ${m.startMiB} → ${m.midMiB} → ${m.endMiB} MiB (max ${m.maxMiB}, slope ${m.slopeMiBPerMin} MiB/min); live heap ${m.liveHeapMiB.beforeLoad} / ${m.liveHeapMiB.warm} / ${m.liveHeapMiB.end} / ${m.liveHeapMiB.afterDrain} MiB (before / warm / end / after drain)`,
    ),
    ...Object.entries(result.verdicts).map(([name, v]) => `  ${v.pass ? 'pass' : 'FAIL'}  ${name}: ${v.detail}`),
    `  report      ${path}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return result.pass ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
