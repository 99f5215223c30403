import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type HttpClient,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import { brokenPipeRetries } from '../../../shared/adapters/tables/brokenPipeRetry';
import { tableClientFactory } from '../../../shared/adapters/tables/tableClients';

/** A connection that fails the first `failures` writes with `code`, then answers 204 as Table Storage does to a write. */
function connection(failures: number, code: string): HttpClient & { sent: PipelineRequest[] } {
  const sent: PipelineRequest[] = [];
  return {
    sent,
    sendRequest: async (request) => {
      sent.push(request);
      if (sent.length <= failures) throw new RestError(`write ${code}`, { code, request });
      return { status: 204, headers: createHttpHeaders(), request };
    },
  };
}

// The request goes through the whole pipeline of a table client the desk builds (the SDK's own retry included);
// only the connection under it is played.
const client = tableClientFactory({
  kind: 'connectionString',
  connectionString: 'UseDevelopmentStorage=true',
})('cases');
const upsert = (): PipelineRequest =>
  createPipelineRequest({
    url: "http://127.0.0.1:10002/devstoreaccount1/cases(PartitionKey='t',RowKey='r')",
    method: 'PUT',
    body: '{"PartitionKey":"t","RowKey":"r"}',
  });

describe('a table request whose kept-alive connection was closed under it', () => {
  it('given a write that meets a broken pipe once, when it is sent, then it is sent again with the same body and its answer returned', async () => {
    const network = connection(1, 'EPIPE');

    const response = await client.pipeline.sendRequest(network, upsert());

    expect(response.status).toBe(204);
    expect(network.sent).toHaveLength(2);
    expect(network.sent[1]?.body).toBe('{"PartitionKey":"t","RowKey":"r"}');
  });

  it('given broken pipes on every attempt, when it is sent, then the EPIPE error is thrown after the retries', async () => {
    const network = connection(Number.POSITIVE_INFINITY, 'EPIPE');

    await expect(client.pipeline.sendRequest(network, upsert())).rejects.toMatchObject({ code: 'EPIPE' });
    expect(network.sent).toHaveLength(brokenPipeRetries + 1);
  });

  it('given another network error the SDK does not retry, when it is sent, then it is thrown at once', async () => {
    const network = connection(1, 'EHOSTUNREACH');

    await expect(client.pipeline.sendRequest(network, upsert())).rejects.toMatchObject({ code: 'EHOSTUNREACH' });
    expect(network.sent).toHaveLength(1);
  });
});
