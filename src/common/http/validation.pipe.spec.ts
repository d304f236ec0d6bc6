import { IsInt, IsOptional } from 'class-validator';
import { AppError } from '../errors/app-error';
import { RequestValidationPipe } from './validation.pipe';

class Dto {
  @IsOptional()
  @IsInt()
  limit?: number;
}

describe(RequestValidationPipe.name, () => {
  const pipe = new RequestValidationPipe();

  async function refusal(value: unknown, type: 'body' | 'query'): Promise<AppError> {
    return (await pipe.transform(value, { type, metatype: Dto }).then(
      () => undefined,
      (error: unknown) => error,
    )) as AppError;
  }

  it('should refuse a body field the DTO does not declare, naming it', async () => {
    const error = await refusal({ limit: 1, limt: 2 }, 'body');
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Invalid request: unknown field: limt',
      fields: [{ field: 'limt', message: 'unknown field: limt' }],
    });
  });

  it('should drop an unknown query parameter instead (cache busters and the like)', async () => {
    expect(await pipe.transform({ limit: 1, _: '123' }, { type: 'query', metatype: Dto })).toEqual({ limit: 1 });
  });

  it('should refuse a body that is not a JSON object with one message, not one per field', async () => {
    for (const body of [[], 'text', 42, null]) {
      expect(await refusal(body, 'body')).toMatchObject({
        message: 'Invalid request: the body must be a JSON object',
        fields: [{ field: 'body', message: 'the body must be a JSON object' }],
      });
    }
  });

  it('should let a request without a body through (an all-optional DTO)', async () => {
    expect(await pipe.transform(undefined, { type: 'body', metatype: Dto })).toEqual({});
  });
});
