// Reading Form responses: from a submit event (the trigger) or by id (recovery by the sweep), as plain answers keyed by item title.
import { auditError, rethrowEnding } from './errors';
import { PROP } from './schema';
import { DANGER_CHOICES, ITEM } from '../core/report';
import { openForm } from './drive-items';

const CONTRACT_TITLES = new Set<string>(Object.values(ITEM));

/** A response as intake needs it. */
export interface ResponseData {
  responseId: string;
  receivedAt: number;
  answers: Record<string, string | string[]>;
}

/**
 * The title setup gave each contract item, by item id (`#<id>` in Script Property formTextsWritten, written by
 * ensureForm): a question the committee rewords in the Forms editor is still read as that question.
 */
export function contractTitles(): Record<string, string> {
  try {
    return JSON.parse(PropertiesService.getScriptProperties().getProperty(PROP.formTextsWritten) || '{}') as Record<
      string,
      string
    >;
  } catch {
    return {};
  }
}

/**
 * A response's answers keyed by contract title, else item title (checkbox and grid answers as lists of strings). Only
 * an item whose title is not the contract's is looked up by id: an unchanged Form costs no call more per answer.
 */
export function answersOf(
  response: GoogleAppsScript.Forms.FormResponse,
  read: () => Record<string, string> = contractTitles,
): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  let titles: Record<string, string> | undefined;
  for (const itemResponse of response.getItemResponses()) {
    const item = itemResponse.getItem();
    let title = item.getTitle();
    if (!CONTRACT_TITLES.has(title)) title = (titles ??= read())[`#${item.getId()}`] ?? title;
    const value = itemResponse.getResponse() as unknown;
    if (Array.isArray(value)) answers[title] = value.map((v) => (Array.isArray(v) ? v.join(', ') : String(v ?? '')));
    else answers[title] = title === ITEM.danger ? dangerChoice(item, String(value ?? '')) : String(value ?? '');
  }
  return answers;
}

/**
 * The danger answer as the contract's choice, by its place in the list: a committee that translates the choices in the
 * Forms editor ("Sí", "No", "No estoy seguro") still gets its urgent alert (ADV-132). Read only for an answer that is
 * not already one of the contract's choices.
 */
function dangerChoice(item: GoogleAppsScript.Forms.Item, answer: string): string {
  if ((DANGER_CHOICES as readonly string[]).includes(answer) || answer === '') return answer;
  try {
    const at = item
      .asMultipleChoiceItem()
      .getChoices()
      .map((c) => c.getValue())
      .indexOf(answer);
    return DANGER_CHOICES[at] ?? answer;
  } catch (err) {
    rethrowEnding(err);
    return answer;
  }
}

function dataOf(response: GoogleAppsScript.Forms.FormResponse): ResponseData {
  const timestamp = response.getTimestamp();
  return {
    responseId: String(response.getId() ?? ''),
    receivedAt: timestamp ? new Date(timestamp as unknown as string).getTime() : Date.now(),
    answers: answersOf(response),
  };
}

/**
 * The response carried by a Form submit event; null for events without one (phantom or malformed
 * events are ignored, never guessed at).
 */
export function responseFromEvent(event: unknown): ResponseData | null {
  const response = (event as { response?: GoogleAppsScript.Forms.FormResponse } | null | undefined)?.response;
  if (!response || typeof response.getItemResponses !== 'function') return null;
  return dataOf(response);
}

/** A stored response by id, or null when the Form no longer has it. */
export function readResponse(formId: string, responseId: string): ResponseData | null {
  try {
    return dataOf(openForm(formId).getResponse(responseId));
  } catch (err) {
    rethrowEnding(err);
    console.log(`response unavailable: ${auditError(err, 120)}`);
    return null;
  }
}
