-- AWS Organizations: the tree of root, OUs and accounts, and which SCPs
-- and RCPs are attached where (semantics.md R3.6, R3.7). One organization
-- at a time; importing it again replaces it.

CREATE TABLE organization (
    id TEXT PRIMARY KEY NOT NULL,
    managementAccountId TEXT,
    sourceFolder TEXT,
    -- Policy types collected in full ('SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'), as a JSON array.
    -- A type that was not collected restricts nothing.
    policyTypes TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- The root ('r-…'), OUs ('ou-…') and member accounts (12 digits).
CREATE TABLE organizationNode (
    id TEXT PRIMARY KEY NOT NULL,
    organizationId TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('root', 'ou', 'account')),
    name TEXT,
    parentId TEXT REFERENCES organizationNode(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX organizationNode_parentId ON organizationNode(parentId);

-- Which SCP or RCP (a row of policy with kind 'scp' or 'rcp') is attached to which node.
CREATE TABLE organizationPolicyAttachment (
    targetId TEXT NOT NULL REFERENCES organizationNode(id) ON DELETE CASCADE,
    policyId INTEGER NOT NULL REFERENCES policy(id) ON DELETE CASCADE,
    PRIMARY KEY (targetId, policyId)
) STRICT, WITHOUT ROWID;
CREATE INDEX organizationPolicyAttachment_policyId ON organizationPolicyAttachment(policyId);
