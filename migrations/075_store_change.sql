-- 075_store_change.sql — several `gongkai serve` processes on one PostgreSQL database (issue 12, item 4;
-- docs/deploy.md "Several instances on one database"). Owned by src/storage/.
-- On PostgreSQL every write transaction of gongkai starts by adding one to n (store.c, after the
-- database-wide writer lock): the row lock makes the writers of all instances take turns as SQLite's
-- BEGIN IMMEDIATE does, and n, visible exactly when the transaction commits, is the change counter the
-- other instances poll (store_watch.c) to drop their caches. On SQLite the row exists and stays 0:
-- processes there learn of each other's commits from PRAGMA data_version.
CREATE TABLE store_change (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n INTEGER NOT NULL
);
INSERT INTO store_change (id, n) VALUES (1, 0);
