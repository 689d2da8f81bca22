/**
 * A client that goes away mid-request (a closed tab, a dropped phone
 * signal) is not an error of ours: the local server logs it as information,
 * never as an ERROR line, and carries on serving everyone else.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../infra/local/app';
import { newTestTable, type TestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';
import { waitFor } from '../support/wait';

const lines: { level: string; message: string }[] = [];
const logger = {
  info: (message: string) => void lines.push({ level: 'info', message }),
  warn: (message: string) => void lines.push({ level: 'warn', message }),
  error: (message: string) => void lines.push({ level: 'error', message }),
};
let table: TestTable;
let app: RunningApp;

beforeAll(async () => {
  table = await newTestTable();
  const { dynamodb, ses } = emulatorEndpoints();
  app = await startApp({
    dynamodbEndpoint: dynamodb,
    sesEndpoint: ses,
    tableName: table.tableName,
    signingKey: randomBytes(32),
    port: 0,
    logger,
    outboxIntervalMs: 0,
    roundIntervalMs: 0,
    deadlinesIntervalMs: 0,
  });
});

afterAll(async () => {
  await app?.stop();
  await table?.drop();
});

describe('a client that disconnects mid-request', () => {
  it('is logged as information, not as an error, and the next request is served', async () => {
    const { port } = new URL(app.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // Promise a body of 5,000 bytes, send 20, then hang up.
    socket.write('POST /api/profiles HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"role":"mentee","na');
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();

    await waitFor(() => lines.some((l) => l.message === 'Client disconnected'), { message: 'the disconnect to be noticed' });
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });
});
