/** Child entry of runProximityInChild: runs the workload with the options it is sent, answers with its rows. */
import { runProximity, ProximityOptions } from './proximity';
import type { ProximityChildMessage } from './proximity-process';

const reply = (message: ProximityChildMessage, done: () => void = () => undefined): void => {
  process.send?.(message, () => done());
};

process.once('message', (options: ProximityOptions) => {
  runProximity(options, (line) => reply({ log: line })).then(
    (rows) => reply({ rows }, () => process.disconnect()),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
