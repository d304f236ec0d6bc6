/**
 * Baseline: the PeerJS signaling server (npm `peer`) with its defaults, on 127.0.0.1.
 * Clients connect to ws://127.0.0.1:<port>/peerjs?key=peerjs&id=<id>&token=<t>.
 * Usage: node peerjs-server.js <port>
 */
import { PeerServer } from 'peer';

// The default concurrent_limit (5000) is above every workload here; kept as shipped.
PeerServer({ port: Number(process.argv[2]), host: '127.0.0.1', path: '/' });

process.on('SIGTERM', () => process.exit(0));
