import GRDB
import IAMPolicy
import IAMStore

/// Answers `rolechain explain FROM TO`: the chain with its statements when
/// one exists; otherwise, for `FROM` and every principal it can chain to,
/// the first rule that refuses the last hop (semantics.md R3.2 order:
/// Deny, RCP, SCP, trust or bucket policy, identity policy, boundary).
public struct ExplainQuery: Sendable {
    /// How many candidate hops a "why not" answer examines.
    public static let candidateLimit = 25

    let store: RoleChainStore
    let organizations: OrganizationContext

    public init(store: RoleChainStore, organizations: OrganizationContext = OrganizationContext()) {
        self.store = store
        self.organizations = organizations
    }

    /// Explains how `from` reaches the role `roleArn`.
    public func explain(from: Int64, toRole roleArn: String, options: ChainQueries.Options) throws -> Explanation {
        let lookup = PrincipalLookup(store: store)
        let target = try lookup.id(of: roleArn)
        let queries = ChainQueries(store: store)
        let reachable = try queries.chains(from: from, options: options)
        let fromArn = try arn(of: from)
        if let chain = reachable.first(where: { $0.target?.id == target }) {
            var explanation = Explanation(
                from: fromArn,
                to: roleArn,
                action: "sts:AssumeRole",
                chain: chain,
                access: nil,
                blocked: []
            )
            explanation.notes = try notes(for: chain)
            return explanation
        }
        let candidates = [from] + reachable.compactMap { $0.target?.id }.filter { $0 != target }
        let blocked = try store.read { db -> [Explanation.BlockedHop] in
            let identity = try IdentityPolicies.load(db, service: "sts", principalIDs: candidates)
            let trust = try ResourcePolicies.trustPolicies(db)[target]
            let roleAccount = ARN(roleArn)?.account
            return candidates.prefix(Self.candidateLimit).compactMap { id in
                guard let caller = caller(id, identity: identity) else { return nil }
                var policies = identity.policies(of: id, resourcePolicy: trust)
                policies.serviceControlPolicies = organizations.serviceControlPolicies(for: caller)
                policies.resourceControlPolicies = organizations.resourceControlPolicies(forAccount: roleAccount)
                let decision = AccessEvaluator.evaluate(
                    AccessRequest(
                        caller: caller,
                        action: "sts:AssumeRole",
                        resource: .exact(roleArn),
                        resourceKind: .role,
                        resourceAccount: roleAccount,
                        resourceOrganizationID: roleAccount.flatMap { organizations.organizationID(ofAccount: $0) }
                    ),
                    policies: policies
                )
                let reasons =
                    trust == nil ? ["\(roleArn) has no trust policy in the store"] : decision.blocks.map(\.description)
                return Explanation.BlockedHop(from: caller.arn, to: roleArn, action: "sts:AssumeRole", reasons: reasons)
            }
        }
        return Explanation(
            from: fromArn,
            to: roleArn,
            action: "sts:AssumeRole",
            chain: nil,
            access: nil,
            blocked: blocked
        )
    }

    /// Explains how `from` reaches a bucket (or one object) with `action`.
    public func explain(from: Int64, to question: BucketQuestion) throws -> Explanation {
        let fromArn = try arn(of: from)
        let action = question.actions.first ?? "s3:GetObject"
        let target = "s3://\(question.bucket)" + (question.key.map { "/\($0)" } ?? "")
        let report = try BucketReachQuery(store: store, organizations: organizations).answer(question)
        if let answer = report.answers.first(where: { $0.principal == fromArn }) {
            var explanation = Explanation(
                from: fromArn,
                to: target,
                action: action,
                chain: answer.chain,
                access: answer,
                blocked: []
            )
            explanation.notes = try answer.chain.map(notes(for:)) ?? []
            return explanation
        }
        let reachable = try ChainQueries(store: store).chains(from: from, options: question.options)
        let candidates = [from] + reachable.compactMap { $0.target?.id }
        let requests = question.requests()
        let blocked = try store.read { db -> [Explanation.BlockedHop] in
            let identity = try IdentityPolicies.load(db, service: "s3", principalIDs: candidates)
            let bucket = try ResourcePolicies.bucket(db, name: question.bucket)
            let owner = question.bucketAccount ?? bucket.accountID
            return candidates.prefix(Self.candidateLimit).compactMap { id -> Explanation.BlockedHop? in
                guard let caller = caller(id, identity: identity) else { return nil }
                var reasons: [String] = []
                for (requestAction, resource) in requests {
                    var policies = identity.policies(of: id, resourcePolicy: bucket.policy)
                    policies.serviceControlPolicies = organizations.serviceControlPolicies(for: caller)
                    policies.resourceControlPolicies = organizations.resourceControlPolicies(forAccount: owner)
                    let decision = AccessEvaluator.evaluate(
                        AccessRequest(
                            caller: caller,
                            action: requestAction,
                            resource: resource,
                            resourceKind: .bucket,
                            resourceAccount: owner
                        ),
                        policies: policies
                    )
                    reasons += decision.blocks.map { "\(requestAction) on \(resource): \($0)" }
                }
                return Explanation.BlockedHop(from: caller.arn, to: target, action: action, reasons: reasons)
            }
        }
        return Explanation(from: fromArn, to: target, action: action, chain: nil, access: nil, blocked: blocked)
    }

    /// EC2 holds a role through an instance profile (R5.7): name it, since
    /// "anyone who runs code on an instance with this profile" is the real entry.
    private func notes(for chain: Chain) throws -> [String] {
        try store.read { db in
            var notes = ChainNotes.notes(for: chain) + chain.notes
            for (from, to) in zip(chain.nodes, chain.nodes.dropFirst())
            where from.kind == "service" && from.arn == "ec2.amazonaws.com" {
                let profiles = try String.fetchAll(
                    db,
                    sql: "SELECT arn FROM instanceProfile WHERE roleId = ? ORDER BY arn",
                    arguments: [to.id]
                )
                notes.append(
                    profiles.isEmpty
                        ? "\(to.arn) trusts EC2 but is in no instance profile of the snapshot"
                        : "EC2 instances with instance profile \(profiles.joined(separator: ", ")) hold \(to.arn)"
                )
            }
            return notes
        }
    }

    private func arn(of id: Int64) throws -> String {
        try store.read { db in
            try String.fetchOne(db, sql: "SELECT arn FROM principal WHERE id = ?", arguments: [id]) ?? "?"
        }
    }

    /// The caller for a principal id: an analysed identity, or an entry principal.
    private func caller(_ id: Int64, identity: IdentityPolicies) -> RequestPrincipal? {
        if let record = identity.principals[id] {
            return identity.caller(id, organization: organizations.membership(ofAccount: record.accountId))
        }
        return try? store.read { db in
            try PrincipalRecord.fetchOne(db, sql: "SELECT * FROM principal WHERE id = ?", arguments: [id])
                .map { $0.requestPrincipal(organization: organizations.membership(ofAccount: $0.accountId)) }
        }
    }
}
