// Lists the Form's recent responses for the sweep's intake recovery: one read of the Form per sweep, answers read only for responses that never became a case.
import { errorMessage, isExecutionEnding } from './errors';
import { answersOf, type ResponseData } from './forms';

/** A response seen by id and time only; `answers()` reads its items when intake needs them. */
export interface ResponseStub {
  responseId: string;
  receivedAt: number;
  answers(): Record<string, string | string[]>;
}

/** Responses submitted at or after `sinceMs` (oldest first); an empty list when the Form cannot be read now. */
export function listResponsesSince(formId: string, sinceMs: number): ResponseStub[] {
  let responses: GoogleAppsScript.Forms.FormResponse[];
  try {
    responses = FormApp.openById(formId).getResponses(new Date(sinceMs));
  } catch (err) {
    if (isExecutionEnding(err)) throw err;
    console.log(`form responses unavailable: ${errorMessage(err).slice(0, 120)}`);
    return [];
  }
  return responses.map((response) => {
    const timestamp = response.getTimestamp();
    return {
      responseId: String(response.getId() ?? ''),
      receivedAt: timestamp ? new Date(timestamp as unknown as string).getTime() : sinceMs,
      answers: () => answersOf(response),
    };
  });
}

/** A stub's full data for intake. */
export function responseData(stub: ResponseStub): ResponseData {
  return { responseId: stub.responseId, receivedAt: stub.receivedAt, answers: stub.answers() };
}
