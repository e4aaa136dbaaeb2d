-- RoleChain store, schema version 1.
-- Names follow GRDB's conventions: singular camelCase tables and columns.
-- Every table is STRICT; every foreign key cascades, so replacing an
-- account's snapshot is one DELETE of the account row.

-- An AWS account: imported from a snapshot (isAnalysed = 1), or only named
-- by a policy or a bucket (isAnalysed = 0).
CREATE TABLE account (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    partition TEXT NOT NULL DEFAULT 'aws',
    isAnalysed INTEGER NOT NULL DEFAULT 0 CHECK (isAnalysed IN (0, 1)),
    sourceFile TEXT,
    importedAt TEXT,
    -- The snapshot was saved with IsTruncated / Marker: it is incomplete (R1.1).
    isTruncated INTEGER NOT NULL DEFAULT 0 CHECK (isTruncated IN (0, 1))
) STRICT;

-- Everything that can stand at either end of an edge. Users, groups and
-- roles come from snapshots (accountId set, isAnalysed = 1). Entry
-- principals are written by edge derivation: services ('ec2.amazonaws.com'),
-- identity providers, accounts that were not imported, users and roles of
-- such accounts, and '*' (anyone). An 'assumer-set' row stands for the
-- users and roles that hold one shared AssumeRole Allow statement, in one
-- account or in every account of one organization placement (edges into it
-- have hopCost 0); it keeps the graph small and is never shown as a principal.
CREATE TABLE principal (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('user', 'group', 'role', 'service', 'federated', 'account', 'anyone', 'assumer-set')),
    arn TEXT NOT NULL UNIQUE,
    accountId TEXT REFERENCES account(id) ON DELETE CASCADE,
    name TEXT,
    path TEXT,
    uniqueId TEXT,
    isAnalysed INTEGER NOT NULL DEFAULT 1 CHECK (isAnalysed IN (0, 1)),
    isServiceLinked INTEGER NOT NULL DEFAULT 0 CHECK (isServiceLinked IN (0, 1)),
    -- The ARN named as permissions boundary, whether or not the snapshot has it.
    permissionsBoundaryArn TEXT,
    -- JSON object of tags, {"team": "ops"}.
    tags TEXT NOT NULL DEFAULT '{}',
    createdAt TEXT
) STRICT;
CREATE INDEX principal_accountId ON principal(accountId);
CREATE INDEX principal_uniqueId ON principal(uniqueId);
CREATE INDEX principal_kind ON principal(kind);

CREATE TABLE groupMembership (
    userId INTEGER NOT NULL REFERENCES principal(id) ON DELETE CASCADE,
    groupId INTEGER NOT NULL REFERENCES principal(id) ON DELETE CASCADE,
    PRIMARY KEY (userId, groupId)
) STRICT, WITHOUT ROWID;
CREATE INDEX groupMembership_groupId ON groupMembership(groupId);

-- EC2 instance profiles: code on an instance holds the profile's role (R1.4, R5.7).
CREATE TABLE instanceProfile (
    id INTEGER PRIMARY KEY,
    arn TEXT NOT NULL UNIQUE,
    accountId TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    roleId INTEGER REFERENCES principal(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX instanceProfile_accountId ON instanceProfile(accountId);
CREATE INDEX instanceProfile_roleId ON instanceProfile(roleId);

-- S3 buckets: the owner account is recorded at bucket-policy import or
-- given on the command line; it is not an IAM fact, so no foreign key.
CREATE TABLE bucket (
    name TEXT PRIMARY KEY NOT NULL,
    accountId TEXT CHECK (accountId IS NULL OR length(accountId) = 12),
    sourceFile TEXT
) STRICT;

-- A policy as imported. Managed policies belong to the account whose
-- snapshot listed them (AWS managed ones are copied into every snapshot
-- that uses them). Inline and trust policies belong to a principal, bucket
-- policies to a bucket, SCPs and RCPs to the organization.
CREATE TABLE policy (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('managed', 'inline', 'trust', 'bucket', 'scp', 'rcp')),
    arn TEXT,
    name TEXT NOT NULL,
    accountId TEXT REFERENCES account(id) ON DELETE CASCADE,
    principalId INTEGER REFERENCES principal(id) ON DELETE CASCADE,
    bucketName TEXT REFERENCES bucket(name) ON DELETE CASCADE,
    organizationPolicyId TEXT,
    defaultVersionId TEXT,
    -- The document in force (the default version for managed policies, R1.5), as JSON.
    document TEXT NOT NULL,
    policyVersion TEXT
) STRICT;
CREATE UNIQUE INDEX policy_managed ON policy(accountId, arn) WHERE kind = 'managed';
CREATE INDEX policy_principalId ON policy(principalId);
CREATE INDEX policy_bucketName ON policy(bucketName);
CREATE INDEX policy_arn ON policy(arn);

-- Every stored version of a managed policy; only isDefault = 1 is in force.
CREATE TABLE policyVersion (
    policyId INTEGER NOT NULL REFERENCES policy(id) ON DELETE CASCADE,
    versionId TEXT NOT NULL,
    isDefault INTEGER NOT NULL CHECK (isDefault IN (0, 1)),
    document TEXT NOT NULL,
    PRIMARY KEY (policyId, versionId)
) STRICT, WITHOUT ROWID;

-- Which managed policies a user, group or role has, as permissions or as
-- its permissions boundary. policyArn is kept even when the snapshot lacks
-- the policy (policyId NULL): an unknown policy may allow anything (R1.8).
CREATE TABLE policyAttachment (
    principalId INTEGER NOT NULL REFERENCES principal(id) ON DELETE CASCADE,
    policyArn TEXT NOT NULL,
    policyId INTEGER REFERENCES policy(id) ON DELETE SET NULL,
    relation TEXT NOT NULL CHECK (relation IN ('permissions', 'boundary')),
    PRIMARY KEY (principalId, policyArn, relation)
) STRICT, WITHOUT ROWID;
CREATE INDEX policyAttachment_policyId ON policyAttachment(policyId);

-- One statement of a policy document.
CREATE TABLE statement (
    id INTEGER PRIMARY KEY,
    policyId INTEGER NOT NULL REFERENCES policy(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    sid TEXT,
    effect TEXT NOT NULL CHECK (effect IN ('Allow', 'Deny')),
    actionIsNegated INTEGER NOT NULL CHECK (actionIsNegated IN (0, 1)),
    -- NULL when the statement has neither Resource nor NotResource.
    resourceIsNegated INTEGER CHECK (resourceIsNegated IN (0, 1)),
    principalIsNegated INTEGER CHECK (principalIsNegated IN (0, 1))
) STRICT;
CREATE INDEX statement_policyId ON statement(policyId);

CREATE TABLE statementAction (
    statementId INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    pattern TEXT NOT NULL
) STRICT;
CREATE INDEX statementAction_statementId ON statementAction(statementId);
CREATE INDEX statementAction_pattern ON statementAction(pattern COLLATE NOCASE);

CREATE TABLE statementResource (
    statementId INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    pattern TEXT NOT NULL
) STRICT;
CREATE INDEX statementResource_statementId ON statementResource(statementId);
CREATE INDEX statementResource_pattern ON statementResource(pattern);

-- Principal / NotPrincipal values: kind is AWS, Service, Federated or CanonicalUser.
CREATE TABLE statementPrincipal (
    statementId INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('AWS', 'Service', 'Federated', 'CanonicalUser')),
    value TEXT NOT NULL
) STRICT;
CREATE INDEX statementPrincipal_statementId ON statementPrincipal(statementId);
CREATE INDEX statementPrincipal_value ON statementPrincipal(value);

-- One operator/key pair of a Condition block; conditionValues is a JSON array.
CREATE TABLE statementCondition (
    statementId INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    operator TEXT NOT NULL,
    conditionKey TEXT NOT NULL,
    conditionValues TEXT NOT NULL
) STRICT;
CREATE INDEX statementCondition_statementId ON statementCondition(statementId);

-- Derived: who may reach whom. Written at import by edge derivation, never
-- by hand. kind is 'assume-role' today; later kinds (for example
-- 'pass-role') share the table. hopCost is 1 for a real step and 0 for a
-- step through a grouping node that only shortens the graph.
CREATE TABLE edge (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'assume-role',
    sourceId INTEGER NOT NULL REFERENCES principal(id) ON DELETE CASCADE,
    targetId INTEGER NOT NULL REFERENCES principal(id) ON DELETE CASCADE,
    hopCost INTEGER NOT NULL DEFAULT 1 CHECK (hopCost IN (0, 1)),
    isConditional INTEGER NOT NULL CHECK (isConditional IN (0, 1)),
    -- JSON array of caveats: [{"kind": "allowed-if", "condition": "...", "keys": [...], "source": "..."}].
    caveats TEXT NOT NULL DEFAULT '[]',
    -- JSON array of the statements that allow the edge (trust, identity,
    -- boundary, SCP …): [{"statementId": 12, "citation": "trust policy of …, Statement[0]"}].
    grants TEXT NOT NULL DEFAULT '[]',
    -- JSON array of notes that do not change whether the edge exists
    -- (an identity provider whose trust lacks sts:TagSession, R5.10).
    notes TEXT NOT NULL DEFAULT '[]',
    UNIQUE (sourceId, targetId, kind)
) STRICT;
CREATE INDEX edge_targetId ON edge(targetId, sourceId);
-- The few edges into a class of callers, found without scanning the rest.
CREATE INDEX edge_free ON edge(sourceId) WHERE hopCost = 0;

-- Completeness warnings found at import or derivation (R1.1, R1.8, R2.5 …).
CREATE TABLE finding (
    id INTEGER PRIMARY KEY,
    -- 'import' findings go with their account; 'derivation' ones are rewritten with the edges.
    stage TEXT NOT NULL CHECK (stage IN ('import', 'derivation')),
    kind TEXT NOT NULL,
    accountId TEXT REFERENCES account(id) ON DELETE CASCADE,
    subject TEXT,
    message TEXT NOT NULL
) STRICT;
CREATE INDEX finding_accountId ON finding(accountId);

-- One row per import command, for auditing when the data came in.
CREATE TABLE importRun (
    id INTEGER PRIMARY KEY,
    startedAt TEXT NOT NULL,
    command TEXT NOT NULL,
    files TEXT NOT NULL
) STRICT;
