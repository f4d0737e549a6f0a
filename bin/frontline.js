#!/usr/bin/env node
// The sources are TypeScript with erasable syntax only; tsx loads them on every supported Node
// (20 has no built-in type stripping), so there is no build step and nothing can go stale.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
