import { AppError } from '../common/errors/app-error';
import { Credentials } from './request-credentials';
import { RouteGroup } from './route-group.decorator';

export interface GuardSwitches {
  jwtEnabled: boolean;
  apiKeyEnabled: boolean;
  apiKeyHeader: string;
}

/**
 * Why `credentials` may not use a route of `group`, or undefined when they may (the table in
 * docs/security.md). The rule of least privilege: an admin route needs an admin credential as soon
 * as either guard is on, and a client token never opens one, whatever the combination.
 */
export function accessRefusal(
  group: RouteGroup,
  credentials: Credentials,
  switches: GuardSwitches,
): AppError | undefined {
  const role = credentials.principal.role;
  if (group !== 'public' && credentials.token.status === 'banned') {
    // docs/security.md, "Moderation": a banned subject's tokens are refused on every guarded route.
    return new AppError('BANNED', credentials.token.message);
  }
  switch (group) {
    case 'public':
      return undefined;
    case 'client':
      return !switches.jwtEnabled || role !== 'anonymous' ? undefined : missing(credentials, 'token', switches);
    case 'owner':
      if (switches.jwtEnabled) {
        return role !== 'anonymous' ? undefined : missing(credentials, 'token', switches);
      }
      // Without tokens there is no owner identity to check, so only an admin may act.
      return !switches.apiKeyEnabled || role === 'admin' ? undefined : missing(credentials, 'key', switches);
    case 'admin':
      if ((!switches.jwtEnabled && !switches.apiKeyEnabled) || role === 'admin') {
        return undefined;
      }
      if (role === 'client') {
        return new AppError(
          'FORBIDDEN',
          'This route needs an admin credential (the API key or an admin token); a player token cannot use it',
        );
      }
      return missing(credentials, switches.apiKeyEnabled ? 'key' : 'admin token', switches);
  }
}

/**
 * The refusal for a caller without the credential a route needs, naming what was wrong with what it
 * sent: the kind of credential the route wants is judged first.
 */
function missing(credentials: Credentials, needed: 'token' | 'key' | 'admin token', switches: GuardSwitches): AppError {
  const tokenProblem = tokenRefusal(credentials);
  const keyProblem = credentials.apiKey === 'invalid' ? new AppError('INVALID_API_KEY', 'Invalid API key') : undefined;
  const problem = needed === 'token' ? (tokenProblem ?? keyProblem) : (keyProblem ?? tokenProblem);
  if (problem) {
    return problem;
  }
  switch (needed) {
    case 'token':
      return new AppError('UNAUTHORIZED', 'This route needs a Bearer access token');
    case 'key':
      return new AppError(
        'UNAUTHORIZED',
        `This route needs the API key in the ${switches.apiKeyHeader} header, or an admin token`,
      );
    case 'admin token':
      return new AppError('UNAUTHORIZED', 'This route needs an admin credential: a Bearer admin token, or the API key');
  }
}

function tokenRefusal(credentials: Credentials): AppError | undefined {
  switch (credentials.token.status) {
    case 'expired':
      return new AppError('TOKEN_EXPIRED', 'The access token has expired; refresh it');
    case 'revoked':
      return new AppError(
        'TOKEN_REVOKED',
        'The access token was revoked (logout, or its refresh token was reused); request a new one',
      );
    case 'invalid':
    case 'wrong_type':
      return new AppError('INVALID_TOKEN', 'The Bearer token is not a valid access token');
    case 'none':
    case 'valid':
    case 'banned':
      return undefined;
  }
}
