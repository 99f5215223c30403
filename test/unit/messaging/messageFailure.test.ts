import { RestError } from '@azure/core-rest-pipeline';
import { z } from 'zod';
import { InvocationContext } from '@azure/functions';
import { classifyMessageFailure, PermanentMessageError } from '../../../shared/messaging/messageFailure';
import { InvalidQueueMessageError, parseQueueMessage } from '../../../shared/queueMessages';
import { InvalidEmailError, UnknownMailboxError } from '../../../shared/services/emailIntake';
import { caseStageMessageSchema } from '../../../shared/domain/pipelineMessages';
import { DeskError } from '../../../shared/errors';

describe('classifyMessageFailure', () => {
  describe('given errors that lie in the message itself', () => {
    it('given an email of no known shape, then it is permanent with the reason InvalidEmail and the parser’s description', () => {
      expect(classifyMessageFailure(new InvalidEmailError('unrecognised email shape'))).toEqual({
        kind: 'permanent',
        reason: 'InvalidEmail',
        description: 'unrecognised email shape',
      });
    });

    it('given an email no tenant serves, then it is permanent with the reason UnknownMailbox', () => {
      expect(
        classifyMessageFailure(
          new UnknownMailboxError('No tenant has registered a support mailbox among x@y.example.'),
        ),
      ).toEqual({
        kind: 'permanent',
        reason: 'UnknownMailbox',
        description: 'No tenant has registered a support mailbox among x@y.example.',
      });
    });

    it('given a stage message whose body fails its zod schema, then it is permanent with the reason InvalidMessage and every bad field', () => {
      const context = new InvocationContext({ functionName: 'triageCase', triggerMetadata: { messageId: 'm-1' } });
      let thrown: unknown;
      try {
        parseQueueMessage(caseStageMessageSchema, { caseId: 'x', extra: 1 }, context);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidQueueMessageError);
      expect((thrown as Error).cause).toBeInstanceOf(z.ZodError);
      const failure = classifyMessageFailure(thrown);
      expect(failure).toMatchObject({ kind: 'permanent', reason: 'InvalidMessage' });
      expect(failure.description).toMatch(/^triageCase cannot process message m-1: .*tenantId/);
    });

    it('given any other PermanentMessageError subclass, then its own reason code is kept', () => {
      class PoisonedError extends PermanentMessageError {
        constructor() {
          super('Poisoned', 'this one never works');
        }
      }
      expect(classifyMessageFailure(new PoisonedError())).toEqual({
        kind: 'permanent',
        reason: 'Poisoned',
        description: 'this one never works',
      });
    });
  });

  describe('given Azure SDK request failures', () => {
    it.each([400, 405, 411, 413, 414, 415, 422])(
      'given status %i, which no retry changes, then it is permanent with the reason RequestRejected',
      (statusCode) => {
        const failure = classifyMessageFailure(
          new RestError('The request is invalid.', { statusCode, code: 'InvalidInput' }),
        );
        expect(failure).toEqual({
          kind: 'permanent',
          reason: 'RequestRejected',
          description: `Azure answered ${statusCode} InvalidInput: The request is invalid.`,
        });
      },
    );

    it.each([401, 403, 404, 408, 409, 412, 429, 500, 502, 503, 504])(
      'given status %i (throttling, timeouts, races, roles still propagating, outages), then it is transient',
      (statusCode) => {
        expect(classifyMessageFailure(new RestError('try later', { statusCode }))).toEqual({
          kind: 'transient',
          description: 'try later',
        });
      },
    );

    it('given a network failure without a status, then it is transient', () => {
      const failure = classifyMessageFailure(new RestError('socket hang up', { code: RestError.REQUEST_SEND_ERROR }));
      expect(failure.kind).toBe('transient');
    });
  });

  describe('given errors it does not know', () => {
    it.each([
      ['a plain Error', new Error('boom')],
      ['a desk error', new DeskError('notFound', 'No case x.')],
      ['a zod error from somewhere other than the message body', new z.ZodError([])],
      ['a thrown string', 'just a string'],
      [
        'an object with a 400 statusCode that is no RestError',
        Object.assign(new Error('looks like http'), { statusCode: 400 }),
      ],
    ])('given %s, then it is transient, so Service Bus still redelivers it', (_label, error) => {
      expect(classifyMessageFailure(error).kind).toBe('transient');
    });
  });
});
