import { AppError } from '../errors/app-error';
import { ID_MESSAGE } from '../validation/ids';
import { ParseIdPipe } from './parse-id.pipe';

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe('host_id');

  it('should pass an id of the shared charset through', () => {
    expect(pipe.transform('host-7f3a')).toBe('host-7f3a');
  });

  it('should refuse anything else with the body the @IsId() DTO rule gave', () => {
    const message = `host_id ${ID_MESSAGE}`;
    const error = (() => {
      try {
        pipe.transform('bad id!');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: `Invalid request: host_id: ${message}` });
    expect((error as AppError).fields).toEqual([{ field: 'host_id', message }]);
  });
});
