"""PostgreSQL: a ballot in one round trip (`coopilote_cast_ballot`); practice search's
term counts kept in a table (`practices_search_terms`) and the titles' own tsvector.

Revision ID: 0009p
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009p"
down_revision = "0008"
branch_labels = None
depends_on = None

# The common ballot (a known member, an open motion, not the last voter) checked, written
# and chained in the audit log by one call, so that the vote's and the audit head's row
# locks are held for one statement and its commit, not for a conversation with the client.
# The rules are the hot path's of bot/core/decisions/casting.py: anything else returns
# 'slow' having written nothing, and the full path decides (and explains any refusal).
# The event's text is hashed as `audit.event_hash` does (same keys, same order); the
# client sends the parts that need JSON encoding (the time and the data) already encoded.
PG_CAST_BALLOT = """
CREATE FUNCTION coopilote_cast_ballot(
    p_cid integer, p_number integer, p_vote_id integer, p_kind text, p_secret boolean,
    p_mid integer, p_uid text, p_name text, p_roles jsonb, p_admin boolean,
    p_voter text, p_choice text, p_now timestamptz, p_at_json text, p_data text
) RETURNS TABLE (outcome text, mine boolean, title text, deadline timestamptz, tz text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v record;
    m record;
    head record;
    was boolean;
    event_kind text;
    body text;
BEGIN
    -- The vote's row first, as every ballot, close and withdrawal of this vote does.
    SELECT id, kind, status, secret, deadline_at, electorate_size, early_close, votes.title
        INTO v FROM votes WHERE community_id = p_cid AND number = p_number
        FOR NO KEY UPDATE;
    IF NOT FOUND OR v.id <> p_vote_id OR v.kind <> p_kind OR v.secret <> p_secret
            OR v.status <> 'open' OR v.early_close
            OR (v.deadline_at IS NOT NULL AND p_now >= v.deadline_at) THEN
        RETURN QUERY SELECT 'slow', NULL::boolean, NULL::text, NULL::timestamptz, NULL::text;
        RETURN;
    END IF;
    SELECT display_name, roles, is_admin, active INTO m FROM members
        WHERE id = p_mid AND community_id = p_cid AND user_id = p_uid;
    IF NOT FOUND OR m.display_name <> p_name OR m.roles::jsonb <> p_roles
            OR m.is_admin <> p_admin OR NOT m.active
            OR (SELECT eligible FROM vote_electors
                WHERE vote_id = v.id AND member_id = p_mid) IS NOT TRUE THEN
        RETURN QUERY SELECT 'slow', NULL::boolean, NULL::text, NULL::timestamptz, NULL::text;
        RETURN;
    END IF;
    was := EXISTS (SELECT 1 FROM ballots WHERE vote_id = v.id AND voter = p_voter);
    -- The last ballot closes the vote: the full path does that.
    IF NOT was AND (SELECT count(*) FROM ballots WHERE vote_id = v.id) + 1
            >= v.electorate_size THEN
        RETURN QUERY SELECT 'slow', NULL::boolean, NULL::text, NULL::timestamptz, NULL::text;
        RETURN;
    END IF;
    SELECT seq, hash INTO head FROM audit_heads WHERE community_id = p_cid FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'slow', NULL::boolean, NULL::text, NULL::timestamptz, NULL::text;
        RETURN;
    END IF;
    INSERT INTO ballots (vote_id, voter, choice, revisions) VALUES (v.id, p_voter, p_choice, 0)
        ON CONFLICT (vote_id, voter) DO UPDATE
        SET choice = EXCLUDED.choice, revisions = ballots.revisions + 1;
    event_kind := CASE WHEN was THEN 'ballot.changed' ELSE 'ballot.cast' END;
    body := '{"at":' || p_at_json || ',"community":' || p_cid || ',"data":' || p_data
        || ',"kind":"' || event_kind || '","prev":"' || head.hash || '","seq":'
        || (head.seq + 1) || ',"vote":' || v.id || '}';
    -- The head row follows by its trigger (0002), as for every other append.
    INSERT INTO audit_events (community_id, seq, at, kind, vote_id, data, prev_hash, hash)
        VALUES (p_cid, head.seq + 1, p_now, event_kind, v.id, p_data, head.hash,
                encode(sha256(convert_to(body, 'UTF8')), 'hex'));
    RETURN QUERY SELECT 'ok', was, v.title::text, v.deadline_at,
        (SELECT timezone FROM communities WHERE id = p_cid)::text;
END
$$
"""

# How many indexed records hold each term, as SQLite's fts5vocab table answers: the search
# weighs a query's words by their rarity, and counting a common word's matches through the
# GIN index costs a bitmap heap scan over most of the table (hundreds of milliseconds at
# 100,000 records). Kept by statement triggers over the rows each statement added, removed
# or changed, so every writer (the service, a rebuild, `db copy`) keeps it right; the terms
# are taken in order so that two writers never deadlock on them.
PG_TERM_FUNCTION = """
CREATE FUNCTION practices_search_terms_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE practices_search_terms AS t SET docs = t.docs - o.n
            FROM (SELECT v.lexeme, count(*) AS n FROM old_rows, unnest(old_rows.document) AS v
                  GROUP BY v.lexeme ORDER BY v.lexeme) AS o
            WHERE t.term = o.lexeme;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO practices_search_terms (term, docs)
            SELECT v.lexeme, count(*) FROM new_rows, unnest(new_rows.document) AS v
            GROUP BY v.lexeme ORDER BY v.lexeme
            ON CONFLICT (term) DO UPDATE SET docs = practices_search_terms.docs + EXCLUDED.docs;
    END IF;
    RETURN NULL;
END
$$
"""
PG_TERM_TRIGGERS = (
    "CREATE TRIGGER tr_practices_search_terms_insert AFTER INSERT ON practices_search "
    "REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION practices_search_terms_count()",
    "CREATE TRIGGER tr_practices_search_terms_delete AFTER DELETE ON practices_search "
    "REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION practices_search_terms_count()",
    "CREATE TRIGGER tr_practices_search_terms_update AFTER UPDATE ON practices_search "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION practices_search_terms_count()",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite casts through its own writer (bot/core/decisions/writer.py)
    op.execute(PG_CAST_BALLOT)
    # The title's part of each record's tsvector (weight A, positions kept), with its own
    # GIN index: a search tier asking for the title reads it, and the planner then knows how
    # rare a word is in titles (bot/core/practices/search_pg.py).
    op.execute(
        "ALTER TABLE practices_search ADD COLUMN title_doc tsvector "
        "GENERATED ALWAYS AS (ts_filter(document, '{a}')) STORED"
    )
    op.execute(
        "CREATE INDEX ix_practices_search_title_doc ON practices_search USING gin (title_doc)"
    )
    op.execute("CREATE TABLE practices_search_terms (term text PRIMARY KEY, docs integer NOT NULL)")
    # The records indexed before this revision.
    op.execute(
        "INSERT INTO practices_search_terms (term, docs) SELECT v.lexeme, count(*) "
        "FROM practices_search, unnest(practices_search.document) AS v GROUP BY v.lexeme"
    )
    op.execute(PG_TERM_FUNCTION)
    for trigger in PG_TERM_TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS tr_practices_search_terms_{name} ON practices_search")
    op.execute("DROP FUNCTION IF EXISTS practices_search_terms_count()")
    op.execute("DROP TABLE IF EXISTS practices_search_terms")
    op.execute("ALTER TABLE practices_search DROP COLUMN IF EXISTS title_doc")
    op.execute(
        "DROP FUNCTION IF EXISTS coopilote_cast_ballot(integer, integer, integer, text, "
        "boolean, integer, text, text, jsonb, boolean, text, text, timestamptz, text, text)"
    )
