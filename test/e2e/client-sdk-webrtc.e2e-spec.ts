import { CoordinatorClient, PacketType } from '@ro-p2p/client';
import { WebRtcPeer } from '@ro-p2p/client/webrtc';
import { createTestApp, TestApp } from '../utils/create-test-app';

/**
 * Real WebRTC (werift) between two SDK peers: offer, answer and ICE go through the coordinator's
 * signaling, then one P2P2 frame crosses the data channel directly. Loopback host candidates only.
 */
describe('Client SDK WebRTC data channel', () => {
  let testApp: TestApp;
  const closers: (() => Promise<void>)[] = [];
  // Advertise 127.0.0.1 too and only ever try pairs towards it: no traffic leaves the machine.
  const rtc = {
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceFilterCandidatePair: (pair: { remoteCandidate: { host: string } }) => pair.remoteCandidate.host === '127.0.0.1',
  };

  beforeAll(async () => {
    testApp = await createTestApp({ P2P_ENABLED_ZONES: 'prontera' });
  });

  afterAll(async () => {
    for (const close of closers.splice(0)) {
      await close();
    }
    await testApp.close();
  });

  it('should open a data channel through coordinator signaling and carry a P2P2 frame peer to peer', async () => {
    const alice = new CoordinatorClient({ url: testApp.url, peerId: 'rtc-alice', reconnect: false });
    const bob = new CoordinatorClient({ url: testApp.url, peerId: 'rtc-bob', dialect: 'reference', reconnect: false });
    closers.push(
      () => alice.close(),
      () => bob.close(),
    );
    await alice.connect();
    const session = await alice.join({ zone: 'prontera' });
    await bob.connect();
    await bob.join({ sessionId: session.sessionId });

    const offerer = new WebRtcPeer(alice, 'rtc-bob', { rtc });
    const answerer = new WebRtcPeer(bob, 'rtc-alice', { rtc });
    closers.unshift(
      () => offerer.close(),
      () => answerer.close(),
    );
    const accepted = answerer.accept();
    await offerer.connect();
    await accepted;

    const received = answerer.waitFor('frame');
    offerer.sendFrame(PacketType.CHAT_MESSAGE, Buffer.from('direct hello'));
    const [frame] = await received;
    expect(frame.typeName).toBe('CHAT_MESSAGE');
    expect(Buffer.from(frame.payload).toString()).toBe('direct hello');
    // The frame went over the data channel, not through the coordinator.
    expect(bob.traffic.receivedByKind.get('relayed:CHAT_MESSAGE')).toBeUndefined();
    expect(alice.traffic.sentByKind.get('offer')).toBe(1);
    expect(bob.traffic.sentByKind.get('answer')).toBe(1);
    expect(alice.traffic.sentByKind.get('ice-candidate')).toBeGreaterThan(0);
  });
});
