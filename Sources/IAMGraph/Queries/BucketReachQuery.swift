import GRDB
import IAMPolicy
import IAMStore

/// Answers "who can reach this bucket": first the principals that hold the
/// access themselves, decided by ``AccessEvaluator`` with the bucket policy
/// and the same-account / cross-account rules (semantics.md §6); then, by
/// the breadth-first SQL of ``ShortestChainsSQL``, everyone who can chain
/// to one of them.
public struct BucketReachQuery: Sendable {
    let store: RoleChainStore
    let organizations: OrganizationContext

    public init(store: RoleChainStore, organizations: OrganizationContext = OrganizationContext()) {
        self.store = store
        self.organizations = organizations
    }

    /// The layers a snapshot cannot see, which can only take access away (R6.3).
    public static let unmodelledLayers =
        "not modelled (they can only remove access): S3 ACLs and Object Ownership, Block Public Access, access points, VPC endpoint policies, KMS key policies, session policies"

    public func answer(_ question: BucketQuestion) throws -> ReachReport {
        let holders = try store.read { db in try findHolders(db, question: question) }
        var answers: [ReachAnswer] = []
        let chains = ChainQueries(store: store)
        // One walk per distinct set of holders: most actions share theirs.
        var walks: [[Int64]: [Int64: Chain]] = [:]
        for (action, holding) in holders.byAction {
            let seeds = holding.compactMap(\.principalID).sorted()
            if walks[seeds] == nil { walks[seeds] = try chains.chains(towards: seeds, options: question.options) }
            // What every chain to a holder ends with, worked out once per holder.
            let byHolderID = Dictionary(
                holding.compactMap { h in h.principalID.map { ($0, (h, h.decision.grants.map(\.description))) } },
                uniquingKeysWith: { a, _ in a }
            )
            for (_, chain) in walks[seeds] ?? [:] {
                guard let start = chain.source, let end = chain.target, let (holder, grantedBy) = byHolderID[end.id]
                else {
                    continue
                }
                answers.append(
                    ReachAnswer(
                        principal: start.arn,
                        principalType: start.kind,
                        accountID: start.accountID,
                        hops: chain.hopCount,
                        chain: chain,
                        action: action,
                        resources: holder.decision.grantedResources,
                        grantedBy: grantedBy,
                        caveats: (chain.hops.flatMap(\.caveats) + holder.decision.caveats).uniqued()
                    )
                )
            }
            for holder in holding where holder.principalID == nil {
                answers.append(
                    ReachAnswer(
                        principal: holder.caller.arn,
                        principalType: holder.caller.kind.rawValue,
                        accountID: holder.caller.accountID,
                        hops: 0,
                        chain: nil,
                        action: action,
                        resources: holder.decision.grantedResources,
                        grantedBy: holder.caller.isRootUser && holder.decision.grants.isEmpty
                            ? ["the root user's full access to its own account's resources (R3.1)"]
                            : holder.decision.grants.map(\.description),
                        caveats: holder.decision.caveats
                    )
                )
            }
        }
        if question.options.unconditionalOnly { answers.removeAll { !$0.caveats.isEmpty } }
        answers.sort { ($0.hops, $0.principal, $0.action) < ($1.hops, $1.principal, $1.action) }
        var notes: [String] = []
        if answers.contains(where: { answer in answer.chain.map { !ChainNotes.notes(for: $0).isEmpty } ?? false }) {
            notes.append(
                "chains that pass from one role to another are role chaining: each such session lasts at most 1 hour (R5.5)"
            )
        }
        return ReachReport(
            bucket: question.bucket,
            bucketAccount: holders.owner,
            actions: holders.byAction.map(\.action),
            answers: answers,
            warnings: holders.warnings + notes + [Self.unmodelledLayers]
        )
    }

    // MARK: - Holders

    struct Holder {
        var principalID: Int64?
        var caller: RequestPrincipal
        var decision: AccessDecision
    }

    struct Holders {
        var owner: String?
        var byAction: [(action: String, holders: [Holder])] = []
        var warnings: [String] = []
    }

    private func findHolders(_ db: Database, question: BucketQuestion) throws -> Holders {
        let bucket = try ResourcePolicies.bucket(db, name: question.bucket)
        var result = Holders()
        result.owner = question.bucketAccount ?? bucket.accountID
        if result.owner == nil {
            result.warnings.append(
                "the owner of bucket \(question.bucket) is unknown (no bucket policy imported and no --bucket-account): an identity-policy grant is taken as sufficient, and bucket-policy rules are not applied"
            )
        }
        // R6.2: CanonicalUser principals name an account we cannot resolve
        // from IAM data; they grant nothing we can follow, so say so.
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-s3-evaluates-access-control.html
        let canonicalUsers = (bucket.policy ?? []).flatMap { statement -> [String] in
            guard case .principal(let set) = statement.statement.principals else { return [] }
            return set.canonicalUser
        }
        if !canonicalUsers.isEmpty {
            result.warnings.append(
                "the bucket policy of \(question.bucket) names CanonicalUser \(canonicalUsers.uniqued().joined(separator: ", ")), which IAM data cannot resolve to an account: not followed"
            )
        }
        // Candidates: principals whose identity policies may name the bucket,
        // and those of the owner account, which a bucket policy can grant directly.
        var candidateIDs: Set<Int64>
        if let owner = result.owner, let admitted = Self.accountsAdmitted(byBucketPolicy: bucket.policy ?? []) {
            // Across accounts the bucket policy must allow too (R4.1): a user
            // or role of an account that no Allow statement can name is
            // refused whatever its own policies say, so only the owner's
            // principals and those of the accounts named are candidates, all
            // of them (fewer than the estate's identity policies that may
            // name the bucket); the evaluator decides each.
            // One lookup per account: the account index, not the kind index, serves it.
            let inAccount = try db.cachedStatement(
                sql: "SELECT id FROM principal WHERE accountId = ? AND kind IN ('user', 'role') AND isAnalysed = 1"
            )
            candidateIDs = []
            for account in admitted.union([owner]).sorted() {
                candidateIDs.formUnion(try Int64.fetchAll(inAccount, arguments: [account]))
            }
        } else {
            candidateIDs = Set(try BucketCandidates.principalIDs(db, bucket: question.bucket))
            if let owner = result.owner {
                candidateIDs.formUnion(
                    try Int64.fetchAll(
                        db,
                        sql:
                            "SELECT id FROM principal WHERE accountId = ? AND kind IN ('user', 'role') AND isAnalysed = 1",
                        arguments: [owner]
                    )
                )
            }
        }
        let identity = try IdentityPolicies.load(db, service: "s3", principalIDs: candidateIDs.sorted())
        var callers: [(Int64?, RequestPrincipal)] = identity.principals.keys.sorted().compactMap { id in
            guard let record = identity.principals[id] else { return nil }
            return identity.caller(id, organization: organizations.membership(ofAccount: record.accountId)).map {
                (id, $0)
            }
        }
        callers += try entryCallers(db, bucketPolicy: bucket.policy ?? [])
        // The owner's root user reaches its own buckets (R3.1) unless denied.
        if let owner = result.owner, !callers.contains(where: { $0.1.arn.hasSuffix(":\(owner):root") }) {
            var root = RequestPrincipal.rootUser(of: owner)
            root.organization = organizations.membership(ofAccount: owner)
            callers.append((nil, root))
        }
        for (action, resource) in question.requests() {
            var holding: [Holder] = []
            for (id, caller) in callers {
                var policies =
                    id.map { identity.policies(of: $0, resourcePolicy: bucket.policy) }
                    ?? AccessPolicies(resourcePolicy: bucket.policy)
                policies.serviceControlPolicies = organizations.serviceControlPolicies(for: caller)
                policies.resourceControlPolicies = organizations.resourceControlPolicies(forAccount: result.owner)
                let request = AccessRequest(
                    caller: caller,
                    action: action,
                    resource: resource,
                    resourceKind: .bucket,
                    resourceAccount: result.owner,
                    resourceOrganizationID: result.owner.flatMap { organizations.organizationID(ofAccount: $0) }
                )
                let decision = AccessEvaluator.evaluate(request, policies: policies)
                if decision.isAllowed { holding.append(Holder(principalID: id, caller: caller, decision: decision)) }
            }
            result.byAction.append((action, holding))
        }
        return result
    }

    /// The accounts whose users and roles an Allow statement of the bucket
    /// policy may name, or `nil` when one may name any account (`*`,
    /// `NotPrincipal`, a unique id). Over-approximates `PrincipalSet.match`:
    /// a user or role of another account matches only through its account
    /// id, its account's root ARN or an ARN in its account.
    static func accountsAdmitted(byBucketPolicy policy: [AttributedStatement]) -> Set<String>? {
        var accounts = Set<String>()
        for attributed in policy where attributed.statement.effect == .allow {
            switch attributed.statement.principals {
            case nil: continue
            case .notPrincipal: return nil
            case .principal(let set):
                if set.isEveryone { return nil }
                for value in set.aws {
                    if value == "*" || ARN.isUniqueID(value) { return nil }
                    if ARN.isAccountID(value) {
                        accounts.insert(value)
                    } else if let arn = ARN(value) {
                        accounts.insert(arn.account)
                    }
                }
            }
        }
        return accounts
    }

    /// Principals a bucket policy names that are not analysed identities:
    /// services, accounts that were not imported, their users and roles,
    /// and `*`. They reach the bucket directly or not at all.
    private func entryCallers(_ db: Database, bucketPolicy: [AttributedStatement]) throws -> [(
        Int64?, RequestPrincipal
    )] {
        let analysed = Set(try String.fetchAll(db, sql: "SELECT id FROM account WHERE isAnalysed = 1"))
        var seen = Set<String>()
        var result: [(Int64?, RequestPrincipal)] = []
        func add(_ caller: RequestPrincipal) {
            guard seen.insert(caller.arn).inserted else { return }
            result.append((nil, caller))
        }
        for statement in bucketPolicy where statement.statement.effect == .allow {
            guard case .principal(let set) = statement.statement.principals else { continue }
            if set.isEveryone { add(RequestPrincipal(kind: .anyone, arn: "*", accountID: nil)) }
            for service in set.service { add(RequestPrincipal(kind: .service, arn: service.lowercased())) }
            for value in set.aws where value != "*" {
                let account = ARN.isAccountID(value) ? value : ARN(value)?.account
                guard let account, ARN.isAccountID(account), !analysed.contains(account) else { continue }
                if let arn = ARN(value), !arn.isAccountRoot, arn.resourceType == "user" || arn.resourceType == "role" {
                    add(
                        RequestPrincipal(
                            kind: arn.resourceType == "user" ? .user : .role,
                            arn: value,
                            accountID: account,
                            partition: arn.partition,
                            name: arn.resourceName,
                            isAnalysed: false
                        )
                    )
                } else {
                    add(
                        RequestPrincipal(
                            kind: .account,
                            arn: "arn:aws:iam::\(account):root",
                            accountID: account,
                            organization: organizations.membership(ofAccount: account)
                        )
                    )
                }
            }
        }
        return result
    }
}
