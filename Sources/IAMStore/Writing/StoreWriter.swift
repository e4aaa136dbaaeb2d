import Foundation
import GRDB
import IAMPolicy

/// The write side of the store, valid inside one ``RoleChainStore/write(_:)``
/// transaction. It is the only code that writes the store's tables; every
/// value reaches SQLite as a bound parameter.
public struct StoreWriter {
    public let db: Database

    // MARK: - Import log

    /// Records one import command, for auditing when the data came in.
    public func logImport(command: String, files: [String]) throws {
        try db.execute(
            sql: "INSERT INTO importRun (startedAt, command, files) VALUES (?, ?, ?)",
            arguments: [
                ISO8601DateFormatter().string(from: Date()), command,
                JSONValue.array(files.map { .string($0) }).serialized,
            ]
        )
    }

    // MARK: - Accounts

    /// Replaces everything known about the snapshot's account: the old
    /// rows go (cascading to principals, policies, statements and edges),
    /// the new ones come, so a re-import leaves no duplicates or stale rows.
    public func replaceAccount(with snapshot: AccountSnapshot) throws {
        try db.execute(sql: "DELETE FROM account WHERE id = ?", arguments: [snapshot.accountID])
        try db.execute(
            sql: """
                INSERT INTO account (id, partition, isAnalysed, sourceFile, importedAt, isTruncated)
                VALUES (?, ?, 1, ?, ?, ?)
                """,
            arguments: [
                snapshot.accountID, snapshot.partition, snapshot.sourceFile,
                ISO8601DateFormatter().string(from: Date()), snapshot.isTruncated,
            ]
        )
        if snapshot.isTruncated {
            try addFinding(
                stage: "import",
                kind: "truncated-snapshot",
                accountID: snapshot.accountID,
                subject: snapshot.sourceFile,
                message:
                    "the snapshot is marked IsTruncated (or has a Marker): it is incomplete; save it again with the AWS CLI, which pages automatically"
            )
        }
        let account = snapshot.accountID
        var managedIDs: [String: Int64] = [:]
        for policy in snapshot.managedPolicies {
            managedIDs[policy.arn] = try insertManagedPolicy(policy, account: account)
        }
        var groupIDs: [String: Int64] = [:]
        for group in snapshot.groups {
            let id = try insertPrincipal(
                kind: "group",
                arn: group.arn,
                account: account,
                name: group.name,
                path: group.path,
                uniqueID: group.uniqueID,
                boundary: nil,
                tags: [:],
                createdAt: group.createdAt
            )
            groupIDs[group.name] = id
            try insertInline(group.inlinePolicies, principalID: id, account: account)
            try attach(group.attachedPolicyArns, principalID: id, relation: "permissions", managedIDs: managedIDs)
        }
        for user in snapshot.users {
            let id = try insertPrincipal(
                kind: "user",
                arn: user.arn,
                account: account,
                name: user.name,
                path: user.path,
                uniqueID: user.uniqueID,
                boundary: user.permissionsBoundaryArn,
                tags: user.tags,
                createdAt: user.createdAt
            )
            try insertInline(user.inlinePolicies, principalID: id, account: account)
            try attach(user.attachedPolicyArns, principalID: id, relation: "permissions", managedIDs: managedIDs)
            if let boundary = user.permissionsBoundaryArn {
                try attach([boundary], principalID: id, relation: "boundary", managedIDs: managedIDs)
            }
            for groupName in user.groupNames {
                guard let groupID = groupIDs[groupName] else {
                    try addFinding(
                        stage: "import",
                        kind: "unknown-group",
                        accountID: account,
                        subject: user.arn,
                        message:
                            "user \(user.arn) is in group '\(groupName)', which the snapshot does not list; its policies are unknown"
                    )
                    continue
                }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO groupMembership (userId, groupId) VALUES (?, ?)",
                    arguments: [id, groupID]
                )
            }
        }
        for role in snapshot.roles {
            let isServiceLinked = role.path.hasPrefix("/aws-service-role/")
            let id = try insertPrincipal(
                kind: "role",
                arn: role.arn,
                account: account,
                name: role.name,
                path: role.path,
                uniqueID: role.uniqueID,
                boundary: role.permissionsBoundaryArn,
                tags: role.tags,
                createdAt: role.createdAt,
                isServiceLinked: isServiceLinked
            )
            let trustID = try insertPolicy(
                kind: "trust",
                arn: nil,
                name: "trust policy",
                account: account,
                principalID: id,
                document: role.trustPolicy.json
            )
            try insertStatements(role.trustPolicy.parsed, policyID: trustID)
            try insertInline(role.inlinePolicies, principalID: id, account: account)
            try attach(role.attachedPolicyArns, principalID: id, relation: "permissions", managedIDs: managedIDs)
            if let boundary = role.permissionsBoundaryArn {
                try attach([boundary], principalID: id, relation: "boundary", managedIDs: managedIDs)
            }
            for profile in role.instanceProfiles {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO instanceProfile (arn, accountId, name, roleId) VALUES (?, ?, ?, ?)",
                    arguments: [profile.arn, account, profile.name, id]
                )
            }
        }
    }

    // MARK: - Buckets

    /// Records a bucket's owner and replaces its policy (`nil` to record the owner only).
    public func replaceBucket(name: String, accountID: String?, policy: AccountSnapshot.Document?, sourceFile: String?)
        throws
    {
        try db.execute(
            sql: """
                INSERT INTO bucket (name, accountId, sourceFile) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET
                    accountId = coalesce(excluded.accountId, accountId),
                    sourceFile = coalesce(excluded.sourceFile, sourceFile)
                """,
            arguments: [name, accountID, sourceFile]
        )
        guard let policy else { return }
        try db.execute(sql: "DELETE FROM policy WHERE kind = 'bucket' AND bucketName = ?", arguments: [name])
        let policyID = try insertPolicy(
            kind: "bucket",
            arn: nil,
            name: "bucket policy",
            account: nil,
            bucketName: name,
            document: policy.json
        )
        try insertStatements(policy.parsed, policyID: policyID)
    }

    // MARK: - Bulk loading

    /// Secondary indexes set aside for a bulk load, with the SQL that builds them again.
    public struct SuspendedIndexes {
        fileprivate var definitions: [(name: String, sql: String)]
    }

    /// Drops the non-unique secondary indexes of `tables`, which SQLite
    /// then builds once, sorted, in ``restore(_:)`` instead of updating them
    /// row by row. Unique indexes stay: they are constraints. Everything
    /// happens inside the import's transaction, so a failed or killed import
    /// leaves the indexes as they were.
    public func suspendIndexes(of tables: [String]) throws -> SuspendedIndexes {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master
                 WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
                   AND tbl_name IN (SELECT value FROM json_each(?))
                 ORDER BY name
                """,
            arguments: [JSONValue.array(tables.map { .string($0) }).serialized]
        )
        let definitions = rows.map { (name: $0["name"] as String, sql: $0["sql"] as String) }
        // Index names come from the store's own schema; DDL cannot take them as parameters.
        for definition in definitions { try db.execute(sql: "DROP INDEX \(definition.name.quotedDatabaseIdentifier)") }
        return SuspendedIndexes(definitions: definitions)
    }

    /// Builds the indexes ``suspendIndexes(of:)`` dropped.
    public func restore(_ suspended: SuspendedIndexes) throws {
        for definition in suspended.definitions { try db.execute(sql: definition.sql) }
    }

    /// Whether the store holds no snapshot yet, so a bulk load pays for
    /// building indexes afterwards.
    public func holdsNoSnapshot() throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM statement)") ?? true
    }

    // MARK: - Findings

    public func addFinding(stage: String, kind: String, accountID: String?, subject: String?, message: String) throws {
        try db.execute(
            sql: "INSERT INTO finding (stage, kind, accountId, subject, message) VALUES (?, ?, ?, ?, ?)",
            arguments: [stage, kind, accountID, subject, message]
        )
    }

    // MARK: - Rows

    private func insertPrincipal(
        kind: String,
        arn: String,
        account: String,
        name: String,
        path: String,
        uniqueID: String?,
        boundary: String?,
        tags: [String: String],
        createdAt: String?,
        isServiceLinked: Bool = false
    ) throws -> Int64 {
        let tagJSON = JSONValue.object(tags.mapValues { .string($0) }).serialized
        // A principal of this account may exist as an entry node from an
        // earlier derivation (or twice in one file); the snapshot's row
        // replaces it. Looking first spares the cascade machinery of a
        // DELETE on the common path, where there is nothing to replace.
        if try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM principal WHERE arn = ?"), arguments: [arn])
            != nil
        {
            try db.cachedStatement(sql: "DELETE FROM principal WHERE arn = ?").execute(arguments: [arn])
        }
        try RowInsert(
            db,
            sql: """
                INSERT INTO principal (kind, arn, accountId, name, path, uniqueId, isAnalysed, isServiceLinked,
                    permissionsBoundaryArn, tags, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
                """
        ).run {
            $0.bind(1, kind)
            $0.bind(2, arn)
            $0.bind(3, account)
            $0.bind(4, name)
            $0.bind(5, path)
            $0.bind(6, uniqueID)
            $0.bind(7, isServiceLinked)
            $0.bind(8, boundary)
            $0.bind(9, tagJSON)
            $0.bind(10, createdAt)
        }
        return db.lastInsertedRowID
    }

    private func insertManagedPolicy(_ policy: AccountSnapshot.ManagedPolicy, account: String) throws -> Int64 {
        guard let inForce = policy.defaultVersion else {
            // No default version: the policy is known to exist but its content is not.
            return try insertPolicy(
                kind: "managed",
                arn: policy.arn,
                name: policy.name,
                account: account,
                document: "null"
            )
        }
        let id = try insertPolicy(
            kind: "managed",
            arn: policy.arn,
            name: policy.name,
            account: account,
            document: inForce.document.json,
            defaultVersionID: inForce.versionID
        )
        for version in policy.versions {
            try db.cachedStatement(
                sql:
                    "INSERT OR REPLACE INTO policyVersion (policyId, versionId, isDefault, document) VALUES (?, ?, ?, ?)"
            )
            .execute(arguments: [id, version.versionID, version.isDefault, version.document.json])
        }
        try insertStatements(inForce.document.parsed, policyID: id)
        return id
    }

    private func insertInline(_ policies: [AccountSnapshot.InlinePolicy], principalID: Int64, account: String) throws {
        for policy in policies {
            let id = try insertPolicy(
                kind: "inline",
                arn: nil,
                name: policy.name,
                account: account,
                principalID: principalID,
                document: policy.document.json
            )
            try insertStatements(policy.document.parsed, policyID: id)
        }
    }

    private func attach(_ arns: [String], principalID: Int64, relation: String, managedIDs: [String: Int64]) throws {
        for arn in arns {
            try RowInsert(
                db,
                sql:
                    "INSERT OR IGNORE INTO policyAttachment (principalId, policyArn, policyId, relation) VALUES (?, ?, ?, ?)"
            ).run {
                $0.bind(1, principalID)
                $0.bind(2, arn)
                $0.bind(3, managedIDs[arn])
                $0.bind(4, relation)
            }
        }
    }

    private func insertPolicy(
        kind: String,
        arn: String?,
        name: String,
        account: String?,
        principalID: Int64? = nil,
        bucketName: String? = nil,
        document: String,
        defaultVersionID: String? = nil
    ) throws -> Int64 {
        try RowInsert(
            db,
            sql: """
                INSERT INTO policy (kind, arn, name, accountId, principalId, bucketName, defaultVersionId, document)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).run {
            $0.bind(1, kind)
            $0.bind(2, arn)
            $0.bind(3, name)
            $0.bind(4, account)
            $0.bind(5, principalID)
            $0.bind(6, bucketName)
            $0.bind(7, defaultVersionID)
            $0.bind(8, document)
        }
        return db.lastInsertedRowID
    }

    /// Writes a document's statements with their actions, resources,
    /// principals and conditions, one row per value.
    func insertStatements(_ document: PolicyDocument, policyID: Int64) throws {
        let insertStatement = try RowInsert(
            db,
            sql: """
                INSERT INTO statement (policyId, position, sid, effect, actionIsNegated, resourceIsNegated, principalIsNegated)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        )
        let insertAction = try RowInsert(db, sql: "INSERT INTO statementAction (statementId, pattern) VALUES (?, ?)")
        let insertResource = try RowInsert(
            db,
            sql: "INSERT INTO statementResource (statementId, pattern) VALUES (?, ?)"
        )
        let insertPrincipal = try RowInsert(
            db,
            sql: "INSERT INTO statementPrincipal (statementId, kind, value) VALUES (?, ?, ?)"
        )
        let insertCondition = try RowInsert(
            db,
            sql:
                "INSERT INTO statementCondition (statementId, operator, conditionKey, conditionValues) VALUES (?, ?, ?, ?)"
        )
        for statement in document.statements {
            let principalNegated: Bool?
            let principals: PrincipalSet?
            switch statement.principals {
            case .principal(let set): (principalNegated, principals) = (false, set)
            case .notPrincipal(let set): (principalNegated, principals) = (true, set)
            case nil: (principalNegated, principals) = (nil, nil)
            }
            try insertStatement.run {
                $0.bind(1, policyID)
                $0.bind(2, statement.index)
                $0.bind(3, statement.sid)
                $0.bind(4, statement.effect.rawValue)
                $0.bind(5, statement.actions.isNegated)
                $0.bind(6, statement.resources?.isNegated)
                $0.bind(7, principalNegated)
            }
            let statementID = db.lastInsertedRowID
            for pattern in statement.actions.patterns {
                try insertAction.run {
                    $0.bind(1, statementID)
                    $0.bind(2, pattern)
                }
            }
            for pattern in statement.resources?.patterns ?? [] {
                try insertResource.run {
                    $0.bind(1, statementID)
                    $0.bind(2, pattern)
                }
            }
            for entry in principals?.entries ?? [] {
                try insertPrincipal.run {
                    $0.bind(1, statementID)
                    $0.bind(2, entry.kind.rawValue)
                    $0.bind(3, entry.value)
                }
            }
            for clause in statement.conditions {
                let values = JSONValue.array(clause.values.map { .string($0) }).serialized
                try insertCondition.run {
                    $0.bind(1, statementID)
                    $0.bind(2, clause.operatorName)
                    $0.bind(3, clause.key)
                    $0.bind(4, values)
                }
            }
        }
    }
}
