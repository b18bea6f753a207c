// A staff member's search of documents: the hits as lib/search/repository.ts finds them (what a user
// may find is decided there, visibleDocuments), and a log of who saw which documents. The hit list
// shows correspondents and summaries, so every list with hits is audited (Law 2297-VI); the query
// itself may name a person and is not logged.
import type { Queryable } from '../db.ts';
import { appendAudit, userActor } from '../audit.ts';
import type { StaffUser } from '../staff/repository.ts';
import { searchDocuments, type SearchFilters, type SearchPage, type SearchResult } from './repository.ts';

export { MAX_RESULT_OFFSET } from './repository.ts';

export async function searchDocumentsAsStaff(db: Queryable, input: { user: StaffUser; filters: SearchFilters; paging: SearchPage }): Promise<SearchResult> {
  const result = await searchDocuments(db, input.user, input.filters, input.paging);
  if (result.items.length > 0) {
    await appendAudit(db, {
      actor: userActor(input.user.id), action: 'document.search', entityType: 'document', entityId: null,
      details: { documents: result.items.map((i) => i.id).join(','), page: input.paging.page, total: result.total },
    });
  }
  return result;
}
