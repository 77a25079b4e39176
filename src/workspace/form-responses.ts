// The Form's own copies of responses: listed for the sweep's intake recovery (answers read only for responses that never became a case), deleted once a case holds them.
import { auditError, rethrowEnding } from './errors';
import { answersOf, contractTitles, type ResponseData } from './forms';
import { openForm } from './drive-items';

/** A response seen by id and time only; `answers()` reads its items when intake needs them. */
export interface ResponseStub {
  responseId: string;
  receivedAt: number;
  answers(): Record<string, string | string[]>;
}

/**
 * Every response the Form still holds (oldest first); an empty list when the Form cannot be read now. Once filed
 * responses are deleted (retention), the Form holds only those not yet filed, so this read stays small.
 */
export function listResponses(formId: string): ResponseStub[] {
  let responses: GoogleAppsScript.Forms.FormResponse[];
  try {
    responses = openForm(formId).getResponses();
  } catch (err) {
    rethrowEnding(err);
    console.log(`form responses unavailable: ${auditError(err, 120)}`);
    return [];
  }
  let titles: Record<string, string> | undefined;
  const readTitles = () => (titles ??= contractTitles());
  return responses.map((response) => {
    const timestamp = response.getTimestamp();
    return {
      responseId: String(response.getId() ?? ''),
      receivedAt: timestamp ? new Date(timestamp as unknown as string).getTime() : 0,
      answers: () => answersOf(response, readTitles),
    };
  });
}

/** A stub's full data for intake. */
export function responseData(stub: ResponseStub): ResponseData {
  return { responseId: stub.responseId, receivedAt: stub.receivedAt, answers: stub.answers() };
}

/**
 * Deletes the Form's copies of these responses (its reporter identity included). `Form.deleteResponse` leaves copies
 * in a response destination (https://developers.google.com/apps-script/reference/forms/form#deleteResponse(String));
 * setup links none. Returns how many went; one that fails, or is not reached while `hasTime`, stays for the next sweep.
 */
export function deleteResponses(
  formId: string,
  responseIds: readonly string[],
  hasTime: () => boolean = () => true,
): number {
  if (!responseIds.length) return 0;
  const form = openForm(formId);
  let deleted = 0;
  for (const id of responseIds) {
    if (!hasTime()) break;
    try {
      form.deleteResponse(id);
      deleted++;
    } catch (err) {
      rethrowEnding(err);
      console.log(`form response not deleted: ${auditError(err, 120)}`);
    }
  }
  return deleted;
}
