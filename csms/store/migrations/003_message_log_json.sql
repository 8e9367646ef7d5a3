-- The message log keeps each payload as it came on the wire, byte for byte (jsonb re-encoded it:
-- key order, duplicate keys, number formats), and json is cheaper to write than jsonb. Rows
-- already logged keep jsonb's rendering of their payload.
-- messages_at_idx stays a B-tree: a BRIN index wrote no faster here, and it cannot return rows in
-- time order, so a query without a station or action would sort the whole log.
ALTER TABLE messages ALTER COLUMN payload TYPE json USING payload::json;
