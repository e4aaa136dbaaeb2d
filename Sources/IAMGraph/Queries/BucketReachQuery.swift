import GRDB
import IAMPolicy
import IAMStore

/// Answers "who can reach this bucket": first the principals that hold the
/// access themselves, decided by ``AccessEvaluator`` with the bucket policy
/// and the same-account / cross-account rules (semantics.md §6); then, by
/// the recursive SQL of ``ShortestChainsSQL``, everyone who can chain to
/// one of them.
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
            let byHolderID = Dictionary(holding.compactMap { h in h.principalID.map { ($0, h) } }, uniquingKeysWith: { a, _ in a })
            for (_, chain) in walks[seeds] ?? [:] {
                guard let start = chain.source, let end = chain.target, let holder = byHolderID[end.id] else { continue }
                answers.append(
                    ReachAnswer(
                        principal: start.arn,
                        principalType: start.kind,
                        accountID: start.accountID,
                        hops: chain.hopCount,
                        chain: chain,
                        action: action,
                        resources: holder.decision.grantedResources,
                        grantedBy: holder.decision.grants.map(\.description),
                        caveats: (chain.caveats + holder.decision.caveats).uniqued()
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
                        grantedBy: holder.decision.grants.map(\.description),
                        caveats: holder.decision.caveats
                    )
                )
            }
        }
        if question.options.unconditionalOnly { answers.removeAll { !$0.caveats.isEmpty } }
        answers.sort { ($0.hops, $0.principal, $0.action) < ($1.hops, $1.principal, $1.action) }
        return ReachReport(
            bucket: question.bucket,
            bucketAccount: holders.owner,
            actions: holders.byAction.map(\.action),
            answers: answers,
            warnings: holders.warnings + [Self.unmodelledLayers]
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
        let identity = try IdentityPolicies.load(db, service: "s3")
        var callers: [(Int64?, RequestPrincipal)] = identity.principals.keys.sorted().compactMap { id in
            guard let record = identity.principals[id] else { return nil }
            return identity.caller(id, organization: organizations.membership(ofAccount: record.accountId)).map { (id, $0) }
        }
        callers += try entryCallers(db, bucketPolicy: bucket.policy ?? [])
        for (action, resource) in question.requests() {
            var holding: [Holder] = []
            for (id, caller) in callers {
                var policies = id.map { identity.policies(of: $0, resourcePolicy: bucket.policy) } ?? AccessPolicies(resourcePolicy: bucket.policy)
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

    /// Principals a bucket policy names that are not analysed identities:
    /// services, accounts that were not imported, their users and roles,
    /// and `*`. They reach the bucket directly or not at all.
    private func entryCallers(_ db: Database, bucketPolicy: [AttributedStatement]) throws -> [(Int64?, RequestPrincipal)] {
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
                    add(RequestPrincipal(kind: arn.resourceType == "user" ? .user : .role, arn: value, accountID: account,
                        partition: arn.partition, name: arn.resourceName, isAnalysed: false))
                } else {
                    add(RequestPrincipal(kind: .account, arn: "arn:aws:iam::\(account):root", accountID: account,
                        organization: organizations.membership(ofAccount: account)))
                }
            }
        }
        return result
    }
}
