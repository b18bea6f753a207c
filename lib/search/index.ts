// Full-text search of documents, the pure part: query parsing into a tsquery and safe snippets.
// The SQL lives in lib/search/repository.ts, the index and its triggers in migrations/20261126140000_search.ts.
export { MAX_QUERY_LENGTH, MAX_TERMS, MIN_FUZZY_LENGTH, buildTsQuery, lightStem, normalize, parseSearchQuery, type ParsedQuery, type SearchTerm } from './query.ts';
export { MARK_START, MARK_STOP, escapeHtml, headlineOptions, markedToHtml } from './snippet.ts';
