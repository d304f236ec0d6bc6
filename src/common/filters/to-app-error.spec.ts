import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { errorBody } from './error-body';
import { toAppError } from './to-app-error';

describe(toAppError.name, () => {
  it('should pass AppErrors through', () => {
    const error = new AppError('HOST_NOT_FOUND', 'Host not found: h1');
    expect(toAppError(error)).toEqual({ appError: error, unexpected: false });
  });

  it('should map Fastify body errors wrapped by Nest to INVALID_JSON', () => {
    const wrapped = new BadRequestException('Bad', {
      cause: Object.assign(new SyntaxError('Unexpected token'), {
        code: 'FST_ERR_CTP_INVALID_JSON_BODY',
        statusCode: 400,
      }),
    });
    expect(toAppError(wrapped).appError).toMatchObject({ code: 'INVALID_JSON', status: 422 });
  });

  it('should map the router errors (bad percent-encoding, over-long path segment) to 400 BAD_REQUEST without echoing the URL', () => {
    for (const code of ['FST_ERR_BAD_URL', 'FST_ERR_MAX_PARAM_LENGTH']) {
      const { appError, unexpected } = toAppError(
        Object.assign(new Error("'/api/v1/hosts/%ff' is not a valid url component"), { code, statusCode: 414 }),
      );
      expect(unexpected).toBe(false);
      expect(appError).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
      expect(appError.message).not.toContain('/api');
    }
  });

  it('should map an unknown route to NOT_FOUND without echoing the path', () => {
    expect(toAppError(new NotFoundException('Cannot GET /secret')).appError).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Not Found',
    });
  });

  it('should hide unexpected errors behind INTERNAL', () => {
    const { appError, unexpected } = toAppError(new Error('SELECT * FROM hosts failed at line 3'));
    expect(unexpected).toBe(true);
    expect(appError).toMatchObject({ code: 'INTERNAL', message: 'Internal server error', status: 500 });
  });

  it('should turn database outages into 503 and unique violations into 409', () => {
    expect(toAppError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).appError.status).toBe(
      503,
    );
    expect(toAppError(Object.assign(new Error('duplicate key'), { code: '23505' })).appError.code).toBe('CONFLICT');
  });
});

describe(errorBody.name, () => {
  it('should keep the reference detail field and list wrong fields', () => {
    const body = errorBody(
      new AppError('VALIDATION_FAILED', 'Invalid request', [{ field: 'port', message: 'port must be <= 65535' }]),
      'req-1',
    );
    expect(body).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Invalid request',
      detail: [{ loc: ['port'], msg: 'port must be <= 65535', type: 'value_error' }],
      errors: [{ field: 'port', message: 'port must be <= 65535' }],
      status_code: 422,
      correlation_id: 'req-1',
    });
  });
});
