-- The message log in pages: one row per batch of logged frames instead of one per frame, the
-- frames compressed together (a day of a 100-station car park is about a million frames; a row,
-- three index entries and the payload's JSON parse per frame were most of the database's work).
-- A page holds the frames as JSON lines, each
--   [timeMs, stationId, direction, messageType, messageId, action, verdict, frameText, violations]
-- with the frame text exactly as sent or received. `encoding` says how `frames` is stored:
-- 'deflate' (raw DEFLATE, RFC 1951, of the UTF-8 lines) or 'none' (the UTF-8 lines as they are).
-- Frames are numbered in the order logged: a page's frames are first_id, first_id + 1, ...
-- The station ids and actions a page holds, and its time span, let a query skip pages without
-- opening them.
CREATE TABLE message_pages (
  first_id    bigint PRIMARY KEY,
  frame_count integer NOT NULL CHECK (frame_count > 0),
  first_at    timestamptz NOT NULL,
  last_at     timestamptz NOT NULL,
  station_ids text[] NOT NULL,
  actions     text[] NOT NULL,
  encoding    text NOT NULL CHECK (encoding IN ('deflate', 'none')),
  frames      bytea NOT NULL
);
-- Compressed already: PostgreSQL keeps it out of line as it is instead of trying to compress it.
ALTER TABLE message_pages ALTER COLUMN frames SET STORAGE EXTERNAL;
CREATE INDEX message_pages_last_at_idx ON message_pages (last_at);

-- Frames logged before pages, 1,000 to a page in the order they were logged. Their text is made
-- again from what was kept: the payload (jsonb's rendering of it for the oldest rows), or the raw
-- text of a frame that had no payload.
WITH numbered AS (
  SELECT m.*, row_number() OVER (ORDER BY at, id) - 1 AS n FROM messages m
), lines AS (
  SELECT n, n / 1000 AS page, at, station_id, action,
         json_build_array(
           (extract(epoch FROM at) * 1000)::bigint, station_id, direction, message_type, message_id,
           action, verdict,
           CASE
             WHEN payload IS NULL THEN raw
             WHEN message_type = 'CALL' THEN json_build_array(2, message_id, action, payload)::text
             WHEN message_type = 'CALLRESULT' THEN json_build_array(3, message_id, payload)::text
             WHEN message_type = 'CALLERROR' THEN json_build_array(4, message_id, payload -> 'errorCode',
               payload -> 'errorDescription', payload -> 'errorDetails')::text
             ELSE raw
           END,
           violations)::text AS line
    FROM numbered
)
INSERT INTO message_pages (first_id, frame_count, first_at, last_at, station_ids, actions, encoding, frames)
SELECT min(n) + 1, count(*), min(at), max(at), array_agg(DISTINCT station_id),
       coalesce(array_agg(DISTINCT action) FILTER (WHERE action IS NOT NULL), '{}'), 'none',
       convert_to(string_agg(line, E'\n' ORDER BY n), 'UTF8')
  FROM lines
 GROUP BY page;

DROP TABLE messages;
