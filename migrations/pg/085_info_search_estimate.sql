-- pg/085_info_search_estimate.sql — the share of info_item_search rows whose lexemes the planner expects
-- a tsquery to match, from the column's statistics (most common lexemes and their frequencies, kept by
-- ANALYZE / autovacuum), as EXPLAIN reports it: 0 when the table has never been analyzed. gongkai asks
-- it before counting a search (src/info/search.c): a term most items hold is counted faster by checking
-- the newest items one by one than through the GIN index. Planning only: nothing is read but the
-- statistics, and it runs in read-only transactions (VOLATILE only because PostgreSQL allows EXPLAIN in
-- no other function).
CREATE FUNCTION info_item_search_estimate(query text) RETURNS float8 LANGUAGE plpgsql VOLATILE AS $gk$
DECLARE
	plan json;
	total float8;
BEGIN
	SELECT reltuples INTO total FROM pg_catalog.pg_class WHERE oid = 'info_item_search'::regclass;
	IF total IS NULL OR total <= 0 THEN
		RETURN 0;
	END IF;
	EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM info_item_search WHERE lexemes @@ CAST('
		|| quote_literal(query) || ' AS tsquery)' INTO plan;
	RETURN least((plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8 / total, 1);
END$gk$;
