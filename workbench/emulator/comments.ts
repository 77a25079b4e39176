// Emulated Drive comments: the comments and replies people leave on a file (a spreadsheet's cell comments are Drive comments), and the Drive v3 advanced service's Comments.list that reads them.
import type { DataContext } from './data-core';
import type { DriveItem, DriveStore } from './drive';
import { GasException, guard } from './runtime';

export interface CommentRecord {
  id: string;
  author: string;
  content: string;
  createdAt: number;
  /** "The last time the comment or any of its replies was modified" (Drive v3 Comment.modifiedTime). */
  modifiedAt: number;
  deleted: boolean;
  replies: Array<{ id: string; author: string; content: string; createdAt: number; modifiedAt: number }>;
}

const commentsOf = new WeakMap<DriveItem, CommentRecord[]>();

function listOf(item: DriveItem): CommentRecord[] {
  let list = commentsOf.get(item);
  if (!list) commentsOf.set(item, (list = []));
  return list;
}

/**
 * A person comments on a file (or replies to a comment) in the editor: anyone who may comment (a commenter or an
 * editor, not a viewer) can. Returns the comment's id.
 */
export function addComment(
  drive: DriveStore,
  item: DriveItem,
  user: string,
  content: string,
  at: number,
  replyTo?: string,
): string {
  const role = drive.roleOf(user, item);
  if (role === 'none' || role === 'reader') throw new GasException(`Emulator: ${user} may not comment on ${item.id}`);
  const list = listOf(item);
  if (replyTo) {
    const parent = list.find((c) => c.id === replyTo);
    if (!parent) throw new Error(`Emulator: no comment ${replyTo} on ${item.id}`);
    const id = `${replyTo}r${parent.replies.length + 1}`;
    parent.replies.push({ id, author: user, content, createdAt: at, modifiedAt: at });
    parent.modifiedAt = at;
    return id;
  }
  const id = `AAAA${list.length + 1}`;
  list.push({ id, author: user, content, createdAt: at, modifiedAt: at, deleted: false, replies: [] });
  return id;
}

/** The owner (or the comment's author) deletes a comment in the editor: its content is gone from every reader. */
export function deleteComment(item: DriveItem, commentId: string, at: number): void {
  const found = listOf(item).find((c) => c.id === commentId);
  if (!found) throw new Error(`Emulator: no comment ${commentId} on ${item.id}`);
  Object.assign(found, { deleted: true, content: '', replies: [], modifiedAt: at });
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Drive v3 `comments.list` as the advanced service calls it: `Drive.Comments.list(fileId, { fields, pageSize,
 * pageToken, startModifiedTime, includeDeleted })`. Every comments method requires the `fields` parameter
 * (developers.google.com/drive/api/reference/rest/v3/comments: "Required: The fields parameter must be set"); page
 * size 1 to 100, 20 by default; `startModifiedTime` is "the minimum value of 'modifiedTime' for the result comments"
 * (…/v3/comments/list), and a reply moves its comment's modifiedTime (Comment: "the last time the comment or any of
 * its replies was modified"); deleted comments only with `includeDeleted`, and then without their content ("Deleted
 * comments will not include their original content").
 */
export function createComments(ctx: DataContext, drive: DriveStore): unknown {
  const fail = (message: string) =>
    new GasException(`API call to drive.comments.list failed with error: ${message}`, 'GoogleJsonResponseException');
  return guard(
    {
      list(fileId: string, optionalArgs?: Record<string, unknown>) {
        return ctx.call('Drive.Comments.list', () => {
          const user = ctx.user('Drive.Comments.list');
          const item = drive.get(String(fileId));
          if (!item || !drive.canRead(user, item)) throw fail(`File not found: ${String(fileId)}.`);
          if (!optionalArgs?.fields) throw fail("The 'fields' parameter is required for this method.");
          const size = optionalArgs.pageSize === undefined ? 20 : Number(optionalArgs.pageSize);
          if (!Number.isInteger(size) || size < 1 || size > 100)
            throw fail(`Invalid value at 'page_size' (${String(optionalArgs.pageSize)})`);
          const since =
            optionalArgs.startModifiedTime === undefined
              ? -Infinity
              : Date.parse(String(optionalArgs.startModifiedTime));
          if (Number.isNaN(since)) throw fail('Invalid Value');
          const start = optionalArgs.pageToken === undefined ? 0 : Number(optionalArgs.pageToken);
          const shown = listOf(item).filter(
            (c) => c.modifiedAt >= since && (!c.deleted || optionalArgs.includeDeleted),
          );
          const page = shown.slice(start, start + size).map((c) => ({
            kind: 'drive#comment',
            id: c.id,
            author: { kind: 'drive#user', displayName: c.author.split('@')[0] },
            createdTime: iso(c.createdAt),
            modifiedTime: iso(c.modifiedAt),
            deleted: c.deleted,
            ...(c.deleted ? {} : { content: c.content }),
            replies: c.replies.map((r) => ({
              kind: 'drive#reply',
              id: r.id,
              author: { kind: 'drive#user', displayName: r.author.split('@')[0] },
              createdTime: iso(r.createdAt),
              modifiedTime: iso(r.modifiedAt),
              content: r.content,
            })),
          }));
          const more = start + size < shown.length;
          return {
            kind: 'drive#commentList',
            comments: page,
            ...(more ? { nextPageToken: String(start + size) } : {}),
          };
        });
      },
    },
    'Drive.Comments',
  );
}
