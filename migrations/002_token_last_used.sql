-- 002_token_last_used.sql — when each API token was last used (Unix seconds, 0 = never), shown in
-- `gongkai token list` and /admin/tokens so unused tokens can be found and revoked.
ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;
