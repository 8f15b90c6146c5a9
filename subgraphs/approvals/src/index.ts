import { runSubgraph } from '@inventory/platform';
import { readConfig } from './config.ts';
import { start } from './server.ts';

runSubgraph('approvals', readConfig, start);
