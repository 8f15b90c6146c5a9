import type { RequestInfo } from '@inventory/platform';

/** What the gateway knows about one client request. */
export interface GatewayContext extends RequestInfo {}
