import type { RequestInfo } from '@inventory/platform';

/** What the gateway knows about one client request: its id and its authenticated caller. */
export interface GatewayContext extends RequestInfo {}
