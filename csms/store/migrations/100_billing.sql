-- Billing: tariffs, one wallet per user, an append-only ledger, per-transaction charges (with
-- their retry state) and API keys. Amounts are integer minor units (paise, cents).

CREATE TABLE tariffs (
  id                  serial PRIMARY KEY,
  -- NULL: the global fallback; otherwise the charger it applies to.
  station_id          text,
  currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  price_per_kwh_minor bigint NOT NULL CHECK (price_per_kwh_minor >= 0),
  session_fee_minor   bigint NOT NULL DEFAULT 0 CHECK (session_fee_minor >= 0),
  time_zone           text NOT NULL,
  -- [{ name, startLocal, endLocal, pricePerKwhMinor, daysOfWeek? }]
  periods             jsonb NOT NULL DEFAULT '[]',
  effective_from      timestamptz NOT NULL,
  created_at          timestamptz NOT NULL
);
CREATE INDEX tariffs_station_effective_idx ON tariffs (station_id, effective_from);

CREATE TABLE wallets (
  user_id        integer PRIMARY KEY REFERENCES users (id) ON DELETE RESTRICT,
  currency       text NOT NULL DEFAULT 'INR' CHECK (currency ~ '^[A-Z]{3}$'),
  balance_minor  bigint NOT NULL DEFAULT 0,
  -- The user's setting: may a charge take the balance below zero?
  allow_negative boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  CHECK (allow_negative OR balance_minor >= 0)
);

-- Append-only. The sum of a user's entries always equals the wallet balance.
CREATE TABLE ledger_entries (
  id                  bigserial PRIMARY KEY,
  user_id             integer NOT NULL REFERENCES wallets (user_id),
  kind                text NOT NULL CHECK (kind IN ('TOP_UP', 'CHARGE_DEDUCT', 'ADJUSTMENT')),
  -- Signed: credits positive, debits negative.
  amount_minor        bigint NOT NULL,
  currency            text NOT NULL,
  balance_after_minor bigint NOT NULL,
  transaction_id      integer REFERENCES transactions (id),
  -- A client's idempotency key (top-ups) or other external reference.
  reference           text,
  note                text,
  created_at          timestamptz NOT NULL,
  CHECK (kind <> 'CHARGE_DEDUCT' OR (transaction_id IS NOT NULL AND amount_minor <= 0)),
  CHECK (kind <> 'TOP_UP' OR amount_minor > 0)
);
-- A transaction is charged at most once, whatever races or repeats happen.
CREATE UNIQUE INDEX ledger_entries_one_charge_idx ON ledger_entries (transaction_id, kind)
  WHERE kind = 'CHARGE_DEDUCT';
CREATE UNIQUE INDEX ledger_entries_reference_idx ON ledger_entries (user_id, reference)
  WHERE reference IS NOT NULL;
CREATE INDEX ledger_entries_user_idx ON ledger_entries (user_id, id);

-- One row per ended transaction: its price (fixed at the first settlement) and billing state.
CREATE TABLE billing_charges (
  transaction_id  integer PRIMARY KEY REFERENCES transactions (id),
  user_id         integer REFERENCES users (id),
  tariff_id       integer REFERENCES tariffs (id),
  energy_wh       bigint NOT NULL,
  amount_minor    bigint NOT NULL CHECK (amount_minor >= 0),
  currency        text,
  price_lines     jsonb NOT NULL DEFAULT '[]',
  -- PENDING: priced, not yet attempted; CHARGED: paid from the wallet (or free);
  -- RETRYING: insufficient balance, next attempt scheduled; MANUAL_REVIEW: given up, needs a person.
  status          text NOT NULL CHECK (status IN ('PENDING', 'CHARGED', 'RETRYING', 'MANUAL_REVIEW')),
  attempts        integer NOT NULL DEFAULT 0,
  first_failed_at timestamptz,
  next_attempt_at timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX billing_charges_due_idx ON billing_charges (next_attempt_at) WHERE status = 'RETRYING';

CREATE TABLE api_keys (
  -- sha256 of the key, hex; the key itself is shown once and never stored.
  key_hash   text PRIMARY KEY,
  -- NULL: an operator key (the bootstrap admin key).
  user_id    integer REFERENCES users (id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('admin', 'user')),
  label      text,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);
