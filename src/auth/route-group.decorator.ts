import { SetMetadata } from '@nestjs/common';

/**
 * Which guard rules a route falls under (docs/security.md has the table):
 * - `public`: never needs a credential (health, service info, token issuance).
 * - `client`: a Bearer access token when JWT validation is on (an admin credential also passes).
 * - `owner`: a client route on something a player owns; services check the owner. Without JWT
 *   there is no owner identity, so it needs the admin API key when key validation is on.
 * - `admin`: the API key (or an admin token) when key validation is on; when only JWT is on, a
 *   valid token, so admin routes are never weaker than client routes.
 * Routes without a declaration are treated as `admin`, so a forgotten decorator fails closed.
 */
export type RouteGroup = 'public' | 'client' | 'owner' | 'admin';

export const ROUTE_GROUP = 'p2p:route-group';

export const PublicRoute = (): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_GROUP, 'public');
export const ClientRoute = (): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_GROUP, 'client');
export const OwnerRoute = (): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_GROUP, 'owner');
export const AdminRoute = (): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_GROUP, 'admin');
