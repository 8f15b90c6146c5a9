-- Gateway: credentials, registered operations and the access audit. Written
-- only by the gateway; tables arrive with the features that need them.
CREATE SCHEMA gateway;
