import { runSubgraph } from '@inventory/platform';
import { readConfig } from './config.ts';
import { start } from './server.ts';

runSubgraph('stock', readConfig, start);
