#!/usr/bin/env node
// Runs the built CLI (dist/ is built by `npm ci` through the prepare script).
import { main } from '../dist/src/cli/main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
