-- Conversations: a thread (or a member's console session) continues one case. The key is
-- a keyed hash of where the conversation happens and who holds it; it lapses on `expires`.
CREATE TABLE conversations (
    key TEXT PRIMARY KEY,
    case_id TEXT NOT NULL,
    expires DATE NOT NULL
);

CREATE INDEX conversations_case ON conversations (case_id);
