import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createTestContext } from '../test/harness.js';

describe('graceful shutdown', () => {
  it('finishes the request in flight and answers the next one on the same connection with 503 in the error format', async () => {
    const ctx = await createTestContext('sqlite');
    await ctx.app.close();
    const app = await buildApp(ctx.deps);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => {};
    const slowStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    // A request that stays in flight until the test lets it go.
    app.get('/slow-for-test', async () => {
      started();
      await gate;
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;

    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d));
    const ended = new Promise((resolve) => socket.on('close', resolve));
    socket.write('GET /slow-for-test HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await slowStarted;

    const closing = app.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Pipelined on the busy connection: it is read after the slow request, while the instance drains.
    socket.write('GET /api/setup HTTP/1.1\r\nHost: localhost\r\n\r\n');
    release();
    await closing;
    await ended;
    await ctx.database.close();

    const [first, second] = received.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(first).toContain('{"done":true}');
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second).toContain(
      '{"error":{"code":"service_unavailable","message":"Tandem is restarting. Please try again in a moment."}}',
    );
  });
});
