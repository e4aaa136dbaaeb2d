import IAMPolicy
import IAMStore

/// Derives every `sts:AssumeRole` edge from the imported data by AWS's
/// rules (semantics.md §5), through ``AccessEvaluator``.
///
/// Candidates come from what trust policies name — a principal, an
/// account, `*`, a service, an identity provider — and, for account and
/// `*` trusts, from the ``AssumeRoleCandidateIndex``; every candidate is
/// then decided by the full evaluator. ``deriveByCheckingEveryPair()``
/// skips the index and decides every (caller, role) pair, so tests can
/// prove the index never misses an edge.
public struct EdgeDeriver: Sendable {
    public struct Result: Sendable {
        public var edges: [DerivedEdge]
        public var findings: [DerivedFinding]
    }

    private let identity: IdentityPolicies
    private let trusts: [Int64: [AttributedStatement]]
    private let analysedAccounts: Set<String>
    private let organizations: OrganizationContext
    private var principalsByArn: [String: Int64] = [:]
    private var principalsByUniqueID: [String: Int64] = [:]
    private var principalsByAccount: [String: [Int64]] = [:]
    private var rolesByAccountAndName: [String: Int64] = [:]
    /// Every analysed caller, built once: derivation asks for each many times.
    private var callers: [Int64: RequestPrincipal] = [:]

    public init(
        identity: IdentityPolicies,
        trusts: [Int64: [AttributedStatement]],
        analysedAccounts: Set<String>,
        organizations: OrganizationContext = OrganizationContext()
    ) {
        self.identity = identity
        self.trusts = trusts
        self.analysedAccounts = analysedAccounts
        self.organizations = organizations
        for (id, record) in identity.principals {
            principalsByArn[record.arn] = id
            if let uniqueID = record.uniqueId { principalsByUniqueID[uniqueID] = id }
            if let account = record.accountId { principalsByAccount[account, default: []].append(id) }
            if record.kind == "role", let account = record.accountId, let name = record.name {
                rolesByAccountAndName[account + "/" + name] = id
            }
            callers[id] = identity.caller(id, organization: organizations.membership(ofAccount: record.accountId))
        }
    }

    /// Loads what derivation needs from the store, inside a transaction.
    public static func load(_ writer: StoreWriter, organizations: OrganizationContext = OrganizationContext()) throws
        -> EdgeDeriver
    {
        try load(writer, identity: IdentityPolicies.load(writer.db, service: "sts"), organizations: organizations)
    }

    /// As ``load(_:organizations:)``, with the callers' identity side already loaded.
    static func load(_ writer: StoreWriter, identity: IdentityPolicies, organizations: OrganizationContext) throws
        -> EdgeDeriver
    {
        let db = writer.db
        let trusts = try ResourcePolicies.trustPolicies(db)
        let accounts = try String.fetchAll(db, sql: "SELECT id FROM account WHERE isAnalysed = 1")
        return EdgeDeriver(
            identity: identity,
            trusts: trusts,
            analysedAccounts: Set(accounts),
            organizations: organizations
        )
    }

    // MARK: - Derivation

    public func derive() -> Result {
        var edges: [DerivedEdge] = []
        let findings = derive { edges.append($0) }
        return Result(edges: edges, findings: findings)
    }

    /// Derives the edges and hands each to `emit` as soon as it is decided,
    /// so an import can write them without holding them all in memory.
    /// - Returns: the findings.
    public func derive(into emit: (DerivedEdge) throws -> Void) rethrows -> [DerivedFinding] {
        let prepared = prepare()
        var progress = RoleProgress()
        try deriveRoles(roleIDs, prepared: prepared, progress: &progress, emit: emit)
        try deriveMemberEdges(prepared: prepared, used: progress.usedClasses, emit: emit)
        return finalFindings(progress.findings)
    }

    /// The reference derivation: every analysed caller against every role,
    /// plus the entry principals trust policies name.
    public func deriveByCheckingEveryPair() -> Result {
        var edges: [DerivedEdge] = []
        var progress = RoleProgress()
        deriveRoles(roleIDs, prepared: nil, progress: &progress) { edges.append($0) }
        return Result(edges: edges, findings: finalFindings(progress.findings))
    }

    /// What every role's derivation shares: the classes of callers and the
    /// candidate index, built once.
    struct Preparation: Sendable {
        let assumers: AssumerClasses
        let index: AssumeRoleCandidateIndex
    }

    func prepare() -> Preparation {
        Self.prepare(identity: identity, organizations: organizations)
    }

    /// The classes and the index need only the callers' side, so an import
    /// can build them while it still reads the trust policies.
    static func prepare(identity: IdentityPolicies, organizations: OrganizationContext) -> Preparation {
        let assumers = AssumerClasses(identity: identity, organizations: organizations)
        return Preparation(assumers: assumers, index: AssumeRoleCandidateIndex(identity: identity, classes: assumers))
    }

    /// The roles with a trust policy, in the order derivation takes them.
    var roleIDs: [Int64] { trusts.keys.sorted() }

    /// What deriving some roles found besides edges.
    struct RoleProgress: Sendable {
        var findings: [DerivedFinding] = []
        var usedClasses = Set<AssumerClasses.ClassKey>()
        /// Classes built so far, by key (a cache: each is built once).
        var groups: [AssumerClasses.ClassKey: AssumerClasses.Class] = [:]
    }

    struct Candidates {
        var callers: Set<NodeReference> = []
        /// Holders of a shared policy found by expanding a trust that names
        /// their account, and by expanding a trust of `*`: those may be
        /// represented by a class node (``AssumerClasses``).
        var shares: Set<AssumeRoleCandidateIndex.ShareCandidate> = []
        var everyAccountShares: Set<AssumeRoleCandidateIndex.ShareCandidate> = []
        var findings: [DerivedFinding] = []
    }

    /// Derives the edges into `roles`. Without `prepared`, every analysed
    /// caller is checked against every role (the reference derivation).
    func deriveRoles(
        _ roles: some Sequence<Int64>,
        prepared: Preparation?,
        progress: inout RoleProgress,
        emit: (DerivedEdge) throws -> Void
    ) rethrows {
        let everyone = prepared == nil ? Set(identity.principals.keys.map { NodeReference.principal($0) }) : []
        for roleID in roles {
            guard let trust = trusts[roleID], let role = identity.principals[roleID], let account = role.accountId
            else { continue }
            var found = Candidates()
            for statement in trust where statement.statement.effect == .allow {
                let more = candidates(
                    for: statement,
                    roleID: roleID,
                    roleArn: role.arn,
                    roleAccount: account,
                    index: prepared?.index
                )
                found.callers.formUnion(more.callers)
                found.shares.formUnion(more.shares)
                found.everyAccountShares.formUnion(more.everyAccountShares)
                if prepared != nil { progress.findings += more.findings }
            }
            found.callers.formUnion(everyone)
            var classKeys = Set<AssumerClasses.ClassKey>()
            if let assumers = prepared?.assumers {
                let individually = AssumerClasses.trustLooksAtIndividuals(trust)
                for (candidates, everyAccount) in [
                    (found.shares.subtracting(found.everyAccountShares), false), (found.everyAccountShares, true),
                ] {
                    for candidate in candidates {
                        if individually {
                            found.callers.formUnion(
                                assumers.members(ofShare: candidate.share, inAccount: candidate.account).map {
                                    .principal($0)
                                }
                            )
                        } else {
                            classKeys.insert(
                                assumers.key(
                                    share: candidate.share,
                                    account: candidate.account,
                                    everyAccount: everyAccount
                                )
                            )
                        }
                    }
                }
            }
            for caller in found.callers.sorted(by: Self.order) {
                if let edge = decide(
                    caller: caller,
                    roleID: roleID,
                    roleArn: role.arn,
                    roleAccount: account,
                    trust: trust
                ) {
                    try emit(edge)
                }
            }
            for key in classKeys.sorted() {
                if progress.groups[key] == nil { progress.groups[key] = prepared?.assumers.group(key) }
                guard let group = progress.groups[key] else { continue }
                if let edge = decide(group, roleID: roleID, roleArn: role.arn, roleAccount: account, trust: trust) {
                    try emit(edge)
                    progress.usedClasses.insert(key)
                }
            }
        }
    }

    /// The edges from each member into the classes that were used, after
    /// every role: member → class at no hop cost.
    func deriveMemberEdges(
        prepared: Preparation,
        used: Set<AssumerClasses.ClassKey>,
        emit: (DerivedEdge) throws -> Void
    ) rethrows {
        for key in used.sorted() {
            guard let group = prepared.assumers.group(key) else { continue }
            for member in group.members {
                try emit(
                    DerivedEdge(
                        source: .principal(member),
                        target: group.node,
                        hopCost: 0,
                        caveats: [],
                        grants: prepared.assumers.grant(of: member, share: key.share).map { [$0] } ?? []
                    )
                )
            }
        }
    }

    /// The findings of every role, with those about unknown policies, once each.
    func finalFindings(_ found: [DerivedFinding]) -> [DerivedFinding] {
        (found + unknownPolicyFindings()).uniqued()
    }

    /// The edge from a class of callers holding the same shared AssumeRole statement
    /// to a role, decided once for all of them (see ``AssumerClasses``).
    private func decide(
        _ group: AssumerClasses.Class,
        roleID: Int64,
        roleArn: String,
        roleAccount: String,
        trust: [AttributedStatement]
    )
        -> DerivedEdge?
    {
        let policies = AccessPolicies(identity: group.identity, boundary: group.boundary, resourcePolicy: trust)
        var result = edge(
            from: group.node,
            caller: group.representative,
            action: "sts:AssumeRole",
            policies: policies,
            serviceControlPolicies: group.serviceControlPolicies,
            roleID: roleID,
            roleArn: roleArn,
            roleAccount: roleAccount
        )
        // Each member's edge into the class cites its own copy of the statement.
        result?.grants.removeAll { grant in group.identity.contains { $0.citation == grant } }
        return result
    }

    /// R1.8 (semantics.md): a `PolicyArn` an entity references but the
    /// snapshot's `Policies` lacks is an *unknown policy* — "report it and
    /// treat it as 'may allow anything' (if attached) or 'no restriction' (if
    /// a boundary)". The evaluator already treats them so; this reports them,
    /// which nothing did before.
    /// Sources: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html,
    /// https://github.com/salesforce/cloudsplaining/issues/318
    private func unknownPolicyFindings() -> [DerivedFinding] {
        var result: [DerivedFinding] = []
        for id in identity.principals.keys.sorted() {
            guard let record = identity.principals[id] else { continue }
            for policy in identity.unknownPolicies(of: id) {
                result.append(
                    DerivedFinding(
                        kind: "unknown-policy",
                        accountID: record.accountId,
                        subject: record.arn,
                        message:
                            "\(record.arn) has managed policy \(policy) attached, which the snapshot does not list (R1.8): it may allow anything, so what rests on it is conditional"
                    )
                )
            }
            if let boundary = identity.missingBoundaries[id] {
                result.append(
                    DerivedFinding(
                        kind: "unknown-policy",
                        accountID: record.accountId,
                        subject: record.arn,
                        message:
                            "\(record.arn) has permissions boundary \(boundary), which the snapshot does not list (R1.8): it is taken to restrict nothing"
                    )
                )
            }
        }
        return result
    }

    private func decide(
        caller node: NodeReference,
        roleID: Int64,
        roleArn: String,
        roleAccount: String,
        trust: [AttributedStatement]
    )
        -> DerivedEdge?
    {
        guard let caller = requestPrincipal(node) else { return nil }
        // R2.10 (semantics.md, inference from "each account is scoped to one
        // partition", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html):
        // a user or role never reaches a role of another partition (aws →
        // aws-cn). Before, a trust naming an `aws` role from an `aws-cn` role
        // gave an edge, since nothing compared the two partitions. Only IAM
        // identities are checked: account, service and anyone entry nodes
        // carry no partition of their own.
        if caller.isIdentity, let rolePartition = ARN(roleArn)?.partition, rolePartition != caller.partition {
            return nil
        }
        let action: String
        switch caller.kind {
        case .federated:
            action = caller.arn.contains(":saml-provider/") ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity"
        default:
            action = "sts:AssumeRole"
        }
        let policies: AccessPolicies
        if case .principal(let id) = node {
            policies = identity.policies(of: id, resourcePolicy: trust)
        } else {
            policies = AccessPolicies(resourcePolicy: trust)
        }
        return edge(
            from: node,
            caller: caller,
            action: action,
            policies: policies,
            roleID: roleID,
            roleArn: roleArn,
            roleAccount: roleAccount
        )
    }

    /// Decides one caller (or class of callers) against one role, with the
    /// organization's SCPs and RCPs, and makes the edge when it is allowed.
    private func edge(
        from source: NodeReference,
        caller: RequestPrincipal,
        action: String,
        policies base: AccessPolicies,
        serviceControlPolicies: [[AttributedStatement]]? = nil,
        roleID: Int64,
        roleArn: String,
        roleAccount: String
    ) -> DerivedEdge? {
        var policies = base
        policies.serviceControlPolicies = serviceControlPolicies ?? organizations.serviceControlPolicies(for: caller)
        policies.resourceControlPolicies = organizations.resourceControlPolicies(forAccount: roleAccount)
        let request = AccessRequest(
            caller: caller,
            action: action,
            resource: .exact(roleArn),
            resourceKind: .role,
            resourceAccount: roleAccount,
            resourceOrganizationID: organizations.organizationID(ofAccount: roleAccount)
        )
        let decision = AccessEvaluator.evaluate(request, policies: policies)
        guard decision.isAllowed else { return nil }
        var edge = DerivedEdge(
            source: source,
            target: .principal(roleID),
            caveats: decision.caveats,
            grants: decision.grants
        )
        if caller.kind == .federated, !allowsTagSession(policies.resourcePolicy ?? [], caller: caller, roleArn: roleArn)
        {
            // R5.10: an identity provider that passes session tags needs
            // sts:TagSession in the trust, or the call fails
            // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html).
            // Most providers send none, so this is a note, not a condition.
            edge.notes.append(
                "fails if the identity provider sends session tags: the trust does not allow sts:TagSession"
            )
        }
        return edge
    }

    private func allowsTagSession(_ trust: [AttributedStatement], caller: RequestPrincipal, roleArn: String) -> Bool {
        let context = RequestConditionContext(principal: caller, resourceAccount: ARN(roleArn)?.account)
        return !PolicySetEvaluator.evaluate(
            trust,
            caller: caller,
            action: "sts:TagSession",
            resource: .exact(roleArn),
            context: context,
            isResourcePolicy: true
        ).allows.isEmpty
    }

    private func requestPrincipal(_ node: NodeReference) -> RequestPrincipal? {
        switch node {
        case .principal(let id):
            return callers[id]
        case .entry(let kind, let arn, let accountID):
            guard let requestKind = RequestPrincipal.Kind(rawValue: kind) else { return nil }
            let parsed = ARN(arn)
            return RequestPrincipal(
                kind: requestKind,
                arn: arn,
                accountID: accountID,
                partition: parsed?.partition ?? "aws",
                name: requestKind == .user || requestKind == .role ? parsed?.resourceName : nil,
                organization: organizations.membership(ofAccount: accountID),
                isAnalysed: false
            )
        }
    }

    // MARK: - Candidates

    private func candidates(
        for statement: AttributedStatement,
        roleID: Int64,
        roleArn: String,
        roleAccount: String,
        index: AssumeRoleCandidateIndex?
    ) -> Candidates {
        var result = Candidates()
        guard case .principal(let set) = statement.statement.principals else {
            if case .notPrincipal = statement.statement.principals {
                result.findings.append(
                    DerivedFinding(
                        kind: "not-principal-in-trust",
                        accountID: roleAccount,
                        subject: roleArn,
                        message:
                            "the trust policy of \(roleArn) uses NotPrincipal, which trust policies do not support (R2.6); it grants nothing"
                    )
                )
            }
            return result
        }
        if set.isEveryone {
            // R5.9: same-account users and roles need nothing else; others need their identity Allow.
            result.callers.formUnion((principalsByAccount[roleAccount] ?? []).map { .principal($0) })
            Self.expand(index, roleArn: roleArn, roleAccount: roleAccount, callerAccount: nil, into: &result)
            result.callers.insert(.entry(kind: "anyone", arn: "*", accountID: nil))
        }
        for value in set.aws where value != "*" {
            addAWSPrincipal(value, roleArn: roleArn, roleAccount: roleAccount, index: index, into: &result)
        }
        for service in set.service {
            result.callers.insert(.entry(kind: "service", arn: service.lowercased(), accountID: nil))
        }
        for provider in set.federated {
            let account = ARN(provider)?.account
            result.callers.insert(
                .entry(kind: "federated", arn: provider, accountID: account.flatMap { ARN.isAccountID($0) ? $0 : nil })
            )
        }
        return result
    }

    /// The callers the index proposes for a trust naming `callerAccount`
    /// (or `*`, when nil).
    private static func expand(
        _ index: AssumeRoleCandidateIndex?,
        roleArn: String,
        roleAccount: String,
        callerAccount: String?,
        into result: inout Candidates
    ) {
        guard let index else { return }
        let found = index.candidates(forRole: roleArn, roleAccount: roleAccount, callerAccount: callerAccount)
        result.callers.formUnion(found.principals.map { .principal($0) })
        if callerAccount == nil {
            result.everyAccountShares.formUnion(found.shares)
        } else {
            result.shares.formUnion(found.shares)
        }
    }

    private func addAWSPrincipal(
        _ value: String,
        roleArn: String,
        roleAccount: String,
        index: AssumeRoleCandidateIndex?,
        into result: inout Candidates
    ) {
        let account: String
        if ARN.isAccountID(value) {
            account = value
        } else if ARN.isUniqueID(value) {
            if let id = principalsByUniqueID[value] {
                result.callers.insert(.principal(id))
            } else {
                result.findings.append(
                    DerivedFinding(
                        kind: "dangling-principal",
                        accountID: roleAccount,
                        subject: roleArn,
                        message:
                            "the trust policy of \(roleArn) names \(value), the unique id of a deleted principal (R2.5); a principal re-created with the same name does not match"
                    )
                )
            }
            return
        } else if let arn = ARN(value), ARN.isAccountID(arn.account) {
            account = arn.account
            if !arn.isAccountRoot {
                addNamedPrincipal(value, arn: arn, roleArn: roleArn, roleAccount: roleAccount, into: &result)
                return
            }
        } else {
            result.findings.append(
                DerivedFinding(
                    kind: "unparseable-principal",
                    accountID: roleAccount,
                    subject: roleArn,
                    message:
                        "the trust policy of \(roleArn) names \"\(value)\", which is not an account id or principal ARN"
                )
            )
            return
        }
        if analysedAccounts.contains(account) {
            Self.expand(index, roleArn: roleArn, roleAccount: roleAccount, callerAccount: account, into: &result)
        } else {
            result.callers.insert(.entry(kind: "account", arn: "arn:aws:iam::\(account):root", accountID: account))
        }
    }

    private func addNamedPrincipal(
        _ value: String,
        arn: ARN,
        roleArn: String,
        roleAccount: String,
        into result: inout Candidates
    ) {
        if let id = principalsByArn[value] {
            result.callers.insert(.principal(id))
            return
        }
        if let session = arn.assumedRole {
            if let id = rolesByAccountAndName[arn.account + "/" + session.roleName] {
                result.callers.insert(.principal(id))
                return
            }
        }
        if analysedAccounts.contains(arn.account) {
            result.findings.append(
                DerivedFinding(
                    kind: "unknown-principal",
                    accountID: roleAccount,
                    subject: roleArn,
                    message:
                        "the trust policy of \(roleArn) names \(value), which the snapshot of account \(arn.account) does not contain"
                )
            )
            return
        }
        let kind = arn.assumedRole != nil ? "role" : (arn.resourceType == "user" ? "user" : "role")
        result.callers.insert(.entry(kind: kind, arn: value, accountID: arn.account))
    }

    private static func order(_ lhs: NodeReference, _ rhs: NodeReference) -> Bool {
        switch (lhs, rhs) {
        case (.principal(let a), .principal(let b)): a < b
        case (.principal, .entry): true
        case (.entry, .principal): false
        case (.entry(_, let a, _), .entry(_, let b, _)): a < b
        }
    }
}
