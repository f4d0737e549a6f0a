// Listens with the simulator app and says where; shared by `frontline simulator` and `frontline demo`. Beyond
// loopback it refuses to start without a password: the page can have any protocol request signed with the token.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { isLoopback } from '../config.ts';
import type { CustomerStore } from '../directory/customer-store.ts';
import { buildSimulatorApp, type SimulatorOptions } from './simulator-app.ts';

export class SimulatorRefused extends Error {}

export interface Listening {
  app: FastifyInstance;
  url: string;
}

export async function startSimulator(
  options: SimulatorOptions & { host: string; port: number },
): Promise<Listening> {
  if (!isLoopback(options.host) && (options.password ?? '') === '')
    throw new SimulatorRefused(
      `--host ${options.host} is beyond loopback: give --password (or SIMULATOR_PASSWORD) too`,
    );
  const app = await buildSimulatorApp(options);
  await app.listen({ host: options.host, port: options.port });
  const { address, port } = app.server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return { app, url: `http://${host}:${port}/` };
}

/** The sign-in picker's source when the target is this service: the directory's worker keys. */
export const storeWorkers = (store: CustomerStore) => (from: string, limit: number) =>
  store.listWorkers(from.trim().toLowerCase(), limit);
