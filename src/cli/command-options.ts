// The option lines of `frontline check --help` and `frontline simulator --help`, apart from the commands: main.ts
// shows them without loading the command (it loads a command only to run it).

export const CHECK_OPTIONS = `  --worker ID              A worker identity to ask as (repeat it: isolation needs two)
  --auth-token T           The Auth Token to sign with (default: TWILIO_AUTH_TOKEN, which keeps it out of
                           shell history)
  --outgoing-url U         Also check the Outgoing Conversations callback at U
  --templates-url U        Also check the Templates callback at U
  --json                   The report as JSON, for scripts
  --timeout-ms N           The time budget of one request (default 6000, Frontline's)
  --max-customers N        Stop each crawl after this many customers, with a warning (default 10000)
  --page-size N            The PageSize the crawls send (default 30, the app's)`;

export const SIMULATOR_OPTIONS = `  --target URL             The CRM callback to play against (default: this service's own, from its settings)
  --outgoing-url U         With --target: its Outgoing Conversations callback
  --templates-url U        With --target: its Templates callback
  --auth-token T           The Auth Token to sign with (default: TWILIO_AUTH_TOKEN)
  --port N                 Where to listen (default 5002)
  --host H                 Listen beyond loopback (default 127.0.0.1); needs --password
  --password P             The password the page then asks for (default: SIMULATOR_PASSWORD)`;
