#!/usr/bin/env node
'use strict';
// The `ferry` command: TypeScript sources loaded through the workspace's swc hook (ADR 0001), like every Ferry process.
require('../../platform/register.js');
require('../src/main.ts');
