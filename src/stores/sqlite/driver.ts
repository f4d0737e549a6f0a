// Which better-sqlite3 to load. Version 12 is a raw node::ObjectWrap addon: on Node 24 its statements abort the
// process when the garbage collector frees them (`Assertion failed: (env) != nullptr`). Version 13 is built on
// Node-API and fixes that, but needs Node 22 and crashes on 20. So both are installed (13 as the optional
// `better-sqlite3-napi`, which npm skips on Node 20) and the runtime picks: 13 from Node 22 on, else 12.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

type Driver = typeof BetterSqlite3;

const require = createRequire(import.meta.url);
const nodeMajor = Number(process.versions.node.split('.')[0]);

function load(): Driver {
  if (nodeMajor >= 22) {
    try {
      return require('better-sqlite3-napi') as Driver;
    } catch {
      // Not installed (an install that skipped optional packages): 12 still runs on 22; on 24 see above.
    }
  }
  return require('better-sqlite3') as Driver;
}

export const Database: Driver = load();
export type Database = BetterSqlite3.Database;
