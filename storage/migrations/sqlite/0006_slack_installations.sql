-- Many-workspace Slack: each workspace's installation of the app (its bot token), and the
-- one-time states of installs under way. These tables stand apart from the case tables on
-- purpose: answering in a workspace needs its id and bot token as Slack issued them, which
-- the case tables never hold (they keep keyed hashes only), and no case refers to them.
-- The key is (enterprise_id, team_id), '' where Slack gives none (NULLs never match).
CREATE TABLE slack_installations (
    enterprise_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    is_enterprise_install INTEGER NOT NULL,
    app_id TEXT,
    bot_id TEXT NOT NULL,
    bot_user_id TEXT NOT NULL,
    bot_token TEXT NOT NULL,
    bot_scopes TEXT NOT NULL,
    bot_refresh_token TEXT,
    bot_token_expires_at INTEGER,
    installed_at REAL NOT NULL,
    PRIMARY KEY (enterprise_id, team_id)
);

-- An install's state parameter, checked once when Slack sends the member back (Unix time).
CREATE TABLE slack_oauth_states (
    state TEXT PRIMARY KEY,
    expires_at REAL NOT NULL
);
