/**
 * The benchmark suite's entry point: `node dist/bench/run.js [workload ...] [--smoke]`.
 * With no workload, runs all of them. --smoke runs a short version of each to check the harness.
 * Exits non-zero on any harness error (a server that does not start, a lost or refused message).
 */
import { pinSelf } from './lib/proc';
import { writeReport, WorkloadReport } from './lib/report';
import { WORKLOADS } from './workloads';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !(n in WORKLOADS));
  if (unknown.length > 0) {
    throw new Error(`unknown workload(s) ${unknown.join(', ')}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  }
  pinSelf();
  for (const name of names.length > 0 ? names : Object.keys(WORKLOADS)) {
    const started = Date.now();
    console.log(`== ${name}${smoke ? ' (smoke)' : ''}`);
    const report: WorkloadReport = await WORKLOADS[name](smoke, (line) => console.log(line));
    console.log(writeReport(report));
    console.log(`== ${name} done in ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
