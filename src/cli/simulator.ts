// `frontline simulator`: the Frontline app in a browser, against this service's callbacks (from the same settings
// as `serve`) or any integration's (--target). It signs with TWILIO_AUTH_TOKEN (or --auth-token), which never leaves
// this process. Serves until SIGINT/SIGTERM.
import { loadConfig } from '../config.ts';
import {
  type Listening,
  SimulatorRefused,
  startSimulator,
  storeWorkers,
} from '../simulator/start-simulator.ts';
import { openStore } from '../stores/open-store.ts';
import { httpUrl, parse, wholeNumber } from './args.ts';
import { usageError } from './cli-error.ts';

export async function simulatorCommand(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    {
      target: { type: 'string' },
      'outgoing-url': { type: 'string' },
      'templates-url': { type: 'string' },
      'auth-token': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      password: { type: 'string' },
    },
    false,
  );
  const authToken = values['auth-token'] ?? process.env.TWILIO_AUTH_TOKEN ?? '';
  if (authToken === '') throw usageError('simulator needs --auth-token or TWILIO_AUTH_TOKEN to sign with');
  const common = {
    authToken,
    host: values.host ?? '127.0.0.1',
    port: wholeNumber('port', values.port, 5002),
    logger: false,
    ...((values.password ?? process.env.SIMULATOR_PASSWORD)
      ? { password: values.password ?? process.env.SIMULATOR_PASSWORD }
      : {}),
  };
  const crmUrl = httpUrl('--target', values.target);
  let close = async () => {};
  let listening: Listening;
  let plays: string;
  try {
    if (crmUrl !== undefined) {
      plays = crmUrl;
      listening = await startSimulator({
        ...common,
        target: {
          crmUrl,
          outgoingUrl: httpUrl('--outgoing-url', values['outgoing-url']),
          templatesUrl: httpUrl('--templates-url', values['templates-url']),
        },
      });
    } else {
      const config = loadConfig(process.env);
      const base = `${config.publicUrl ?? `http://127.0.0.1:${config.port}`}/callbacks`;
      plays = `${base}/crm (this service)`;
      const store = await openStore(config.database);
      close = () => store.close();
      listening = await startSimulator({
        ...common,
        target: {
          crmUrl: `${base}/crm`,
          outgoingUrl: `${base}/outgoing-conversation`,
          templatesUrl: `${base}/templates`,
        },
        workers: storeWorkers(store),
      });
    }
  } catch (error) {
    await close();
    if (error instanceof SimulatorRefused) throw usageError(error.message);
    throw error;
  }
  process.stderr.write(`Frontline simulator: ${listening.url}, playing against ${plays}\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await listening.app.close();
  await close();
  return 0;
}
