import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { errorCodeOf, isTableNotFound } from '../../shared/adapters/tables/restErrors';

/** A 404 as @azure/data-tables throws it for a point read: no `code`, the Table service's OData error as `details`. */
function notFound(code: string, where: 'body' | 'header'): RestError {
  const request = createPipelineRequest({ url: 'http://127.0.0.1:10002/devstoreaccount1/t(PartitionKey=%27a%27)' });
  const error = new RestError('The specified resource does not exist.', {
    statusCode: 404,
    request,
    response: {
      status: 404,
      request,
      headers: createHttpHeaders(where === 'header' ? { 'x-ms-error-code': code } : {}),
    },
  });
  if (where === 'body') error.details = { 'odata.error': { code, message: { lang: 'en-US', value: '...' } } };
  return error;
}

describe('Table service error codes', () => {
  it('given a 404 whose OData error says TableNotFound, when it is read, then the table is missing, not the row', () => {
    expect(errorCodeOf(notFound('TableNotFound', 'body'))).toBe('TableNotFound');
    expect(isTableNotFound(notFound('TableNotFound', 'body'))).toBe(true);
  });

  it('given a 404 for a missing row (ResourceNotFound), when it is read, then the table is not taken for missing', () => {
    expect(errorCodeOf(notFound('ResourceNotFound', 'body'))).toBe('ResourceNotFound');
    expect(isTableNotFound(notFound('ResourceNotFound', 'body'))).toBe(false);
  });

  it('given an error whose code is only in the x-ms-error-code header, when it is read, then that code is taken', () => {
    expect(errorCodeOf(notFound('TableNotFound', 'header'))).toBe('TableNotFound');
    expect(isTableNotFound(notFound('TableNotFound', 'header'))).toBe(true);
  });

  it("given the SDK's own code on the error, when it is read, then that code wins", () => {
    const error = new RestError('conflict', { statusCode: 409, code: 'EntityAlreadyExists' });
    expect(errorCodeOf(error)).toBe('EntityAlreadyExists');
    expect(isTableNotFound(error)).toBe(false);
  });

  it('given something that is not an error object, when it is read, then there is no code', () => {
    expect(errorCodeOf('TableNotFound')).toBeUndefined();
    expect(errorCodeOf(null)).toBeUndefined();
    expect(isTableNotFound(new Error('TableNotFound'))).toBe(false);
  });
});
