import IAMPolicy
import IAMStore

/// Callers whose `sts:AssumeRole` permissions come from one shared policy —
/// holders of one managed policy, members of one group — grouped so that
/// edge derivation decides a role once per group instead of once per caller.
///
/// On a large estate a few hundred roles trust `*` or other accounts, and
/// thousands of principals may assume them: one edge per pair would be
/// millions (issue 4). A caller's identity side is the union of its Allow
/// statements, so when it holds no Deny for `sts:AssumeRole` and nothing in
/// its statements, its boundary or the trust looks at the individual
/// (`aws:username`, tags, policy variables, a Deny naming it), "the caller
/// may assume the role" is "one of its shared policies, within its
/// boundary, lets it" — decided once per policy. The graph then holds one
/// node per class: member → class at no hop cost, class → role once. The
/// recursive chain queries walk through it; reports never show it.
///
/// A class is scoped to one account for trusts that name accounts, and to
/// every account with the same organization placement and SCPs for trusts
/// of `*`: a `*` trust asks nothing about the caller's account, so every
/// account's copy of, say, `OrgOpsAssume` gives the same answer. The class
/// then decides as a caller of no account — the cross-account rule, which
/// asks for both sides and is never more lenient than the same-account one
/// (R5.2–R5.4), so members of the role's own account are never given more
/// than they have (their own edges come from the trust directly).
struct AssumerClasses {
    /// The node's kind in the `principal` table.
    static let kind = "assumer-set"

    /// What the members of a class hold: one Allow statement (each
    /// account's or holder's copy), the same boundary, the same kind; or,
    /// with no statement, an unconditional Allow on every role.
    struct Share: Hashable {
        var callerKind: RequestPrincipal.Kind
        /// The statement's citation, its account written as `*` and, for a
        /// principal's own inline policy, without the principal.
        var citation: StatementCitation
        var statement: PolicyStatement?
        var boundary: [PolicyStatement]?
    }

    private struct Offer {
        var share: Share
        var own: AttributedStatement
        var classStatements: [AttributedStatement]
        var classBoundary: [AttributedStatement]?
    }

    /// One caller's AssumeRole statements, split into the shares it holds
    /// and the statements only it has. All are Allows: a caller with a Deny
    /// for `sts:AssumeRole` has no holding.
    struct Holding {
        /// Each share with the caller's own copy of its statement.
        var shares: [(share: Int, statement: AttributedStatement)] = []
        var ownStatements: [AttributedStatement] = []
    }

    enum Scope: Hashable, Comparable {
        case account(String)
        /// Every account with this organization placement and these SCPs.
        case placement(Int)
    }

    struct ClassKey: Hashable, Comparable {
        var share: Int
        var scope: Scope

        static func < (lhs: ClassKey, rhs: ClassKey) -> Bool { (lhs.share, lhs.scope) < (rhs.share, rhs.scope) }
    }

    struct Class {
        var node: NodeReference
        var representative: RequestPrincipal
        var identity: [AttributedStatement]
        var boundary: [AttributedStatement]?
        var serviceControlPolicies: [[AttributedStatement]]
        var members: [Int64]
    }

    private var shares: [Share] = []
    /// Each share's statements with citations that name no one account.
    private var shareStatements: [[AttributedStatement]] = []
    private var shareBoundaries: [[AttributedStatement]?] = []
    private var holdings: [Int64: Holding] = [:]
    /// (share, account) → members, in principal-id order.
    private var holders: [Int: [String: [Int64]]] = [:]
    private var placementOfAccount: [String: Int] = [:]
    private var accountsOfPlacement: [[String]] = []
    private var placementMembership: [RequestPrincipal.OrganizationMembership] = []
    private var placementPolicies: [[[AttributedStatement]]] = []
    private let organizations: OrganizationContext

    init(identity: IdentityPolicies, organizations: OrganizationContext) {
        self.organizations = organizations
        // First what each eligible caller could share, then which shares
        // have more than one holder: a class of one saves nothing.
        var offers: [(principalID: Int64, account: String, shared: [Offer])] = []
        var holderCount: [Share: Int] = [:]
        for principalID in identity.principals.keys.sorted() {
            guard let record = identity.principals[principalID], let account = record.accountId,
                !record.isServiceLinked,
                identity.unknownPolicies(of: principalID).isEmpty,
                let kind = RequestPrincipal.Kind(rawValue: record.kind), kind == .user || kind == .role
            else { continue }
            let statements = identity.identity(of: principalID).filter { $0.coversAction("sts:AssumeRole") }
            let boundary = identity.boundary(of: principalID)
            guard !statements.isEmpty,
                !statements.contains(where: { $0.statement.effect == .deny || Self.looksAtIndividuals($0) }),
                !(boundary ?? []).contains(where: Self.looksAtIndividuals)
            else { continue }
            let partition = ARN(record.arn)?.partition ?? "aws"
            var shared: [Offer] = []
            if let anyRole = Self.plainAllowOfEveryRole(statements, partition: partition),
                boundary.map({ Self.plainAllowOfEveryRole($0, partition: partition) != nil }) ?? true
            {
                // Whoever may plainly assume every role is decided alike,
                // whatever their own statements say.
                shared.append(
                    Offer(
                        share: Share(
                            callerKind: .role,
                            citation: Self.everyRole[0].citation,
                            statement: nil,
                            boundary: nil
                        ),
                        own: anyRole,
                        classStatements: Self.everyRole,
                        classBoundary: nil
                    )
                )
            } else {
                // An identity side without Deny is the union of its Allows,
                // so each Allow can be decided on its own.
                let classBoundary = boundary.map { Self.anyAccount($0, account: account) }
                for attributed in statements {
                    let citation = Self.anyAccount(attributed.citation, account: account)
                    shared.append(
                        Offer(
                            share: Share(
                                callerKind: kind,
                                citation: citation,
                                statement: attributed.statement,
                                boundary: boundary?.map(\.statement)
                            ),
                            own: attributed,
                            classStatements: [
                                AttributedStatement(
                                    attributed.statement,
                                    citation: citation,
                                    policyVariables: attributed.policyVariables
                                )
                            ],
                            classBoundary: classBoundary
                        )
                    )
                }
            }
            for share in Set(shared.map(\.share)) { holderCount[share, default: 0] += 1 }
            offers.append((principalID, account, shared))
        }
        var shareIDs: [Share: Int] = [:]
        for (principalID, account, shared) in offers {
            var holding = Holding()
            for offer in shared {
                guard holderCount[offer.share, default: 0] > 1 else {
                    holding.ownStatements.append(offer.own)
                    continue
                }
                let id: Int
                if let known = shareIDs[offer.share] {
                    id = known
                } else {
                    id = shares.count
                    shareIDs[offer.share] = id
                    shares.append(offer.share)
                    shareStatements.append(offer.classStatements)
                    shareBoundaries.append(offer.classBoundary)
                }
                // The same statement reached twice (a policy held directly and through a group) is one share.
                guard !holding.shares.contains(where: { $0.share == id }) else { continue }
                holding.shares.append((id, offer.own))
                holders[id, default: [:]][account, default: []].append(principalID)
            }
            holdings[principalID] = holding
        }
        for account in holders.values.flatMap(\.keys).sorted() where placementOfAccount[account] == nil {
            assignPlacement(account)
        }
    }

    /// How the caller's AssumeRole statements split into shares, or nil
    /// when it must be decided on its own.
    func holding(of principalID: Int64) -> Holding? { holdings[principalID] }

    /// The holders of a share in one account.
    func members(ofShare share: Int, inAccount account: String) -> [Int64] { holders[share]?[account] ?? [] }

    /// The class standing for the holders of `share` in `account`: scoped to
    /// the account, or — for a trust of `*` — to its placement.
    func key(share: Int, account: String, everyAccount: Bool) -> ClassKey {
        guard everyAccount, let placement = placementOfAccount[account] else {
            return ClassKey(share: share, scope: .account(account))
        }
        return ClassKey(share: share, scope: .placement(placement))
    }

    /// The class's node, representative caller and policies; nil for a
    /// share nobody holds in the scope.
    func group(_ key: ClassKey) -> Class? {
        guard shares.indices.contains(key.share) else { return nil }
        let share = shares[key.share]
        let name = share.statement == nil ? "any-role" : "\(share.callerKind.rawValue)s-\(key.share)"
        var representative: RequestPrincipal
        let members: [Int64]
        let scopeName: String
        let policies: [[AttributedStatement]]
        switch key.scope {
        case .account(let account):
            members = self.members(ofShare: key.share, inAccount: account)
            scopeName = account
            representative = RequestPrincipal(
                kind: share.callerKind,
                arn: "rolechain:assumers:\(account):\(name)",
                accountID: account,
                organization: organizations.membership(ofAccount: account)
            )
            policies = organizations.serviceControlPolicies(for: representative)
        case .placement(let placement):
            members = accountsOfPlacement[placement].flatMap { self.members(ofShare: key.share, inAccount: $0) }
            scopeName = "placement-\(placement)"
            representative = RequestPrincipal(
                kind: share.callerKind,
                arn: "rolechain:assumers:\(scopeName):\(name)",
                accountID: nil,
                organization: placementMembership[placement]
            )
            policies = placementPolicies[placement]
        }
        guard !members.isEmpty else { return nil }
        representative.hasPermissionsBoundary = share.boundary != nil
        let accountID: String? = if case .account(let account) = key.scope { account } else { nil }
        return Class(
            node: .entry(kind: Self.kind, arn: representative.arn, accountID: accountID),
            representative: representative,
            identity: shareStatements[key.share],
            boundary: shareBoundaries[key.share],
            serviceControlPolicies: policies,
            members: members
        )
    }

    /// The statement a member's edge into its class cites.
    func grant(of member: Int64, share: Int) -> StatementCitation? {
        holdings[member]?.shares.first { $0.share == share }?.statement.citation
    }

    /// Accounts with the same organization membership and the same SCPs
    /// decide a `*` trust alike.
    private mutating func assignPlacement(_ account: String) {
        let membership = organizations.membership(ofAccount: account)
        let probe = RequestPrincipal(kind: .role, arn: "", accountID: account, organization: membership)
        let policies = organizations.serviceControlPolicies(for: probe)
        // Citations name each SCP and where it is attached: equal citations, equal policies.
        let fingerprint = policies.map { $0.map(\.citation) }
        for (index, known) in placementMembership.enumerated()
        where known == membership && placementPolicies[index].map({ $0.map(\.citation) }) == fingerprint {
            placementOfAccount[account] = index
            accountsOfPlacement[index].append(account)
            return
        }
        placementMembership.append(membership)
        placementPolicies.append(policies)
        accountsOfPlacement.append([account])
        placementOfAccount[account] = placementMembership.count - 1
    }

    /// A trust whose conditions look at the individual caller (its ARN,
    /// name, tags, type, account) or that denies named principals would
    /// decide members differently.
    static func trustLooksAtIndividuals(_ trust: [AttributedStatement]) -> Bool {
        trust.contains { attributed in
            if looksAtIndividuals(attributed) { return true }
            guard attributed.statement.effect == .deny else { return false }
            switch attributed.statement.principals {
            case .notPrincipal: return true
            case .principal(let set): return !set.aws.allSatisfy { $0 == "*" }
            case nil: return false
            }
        }
    }

    private static func looksAtIndividuals(_ attributed: AttributedStatement) -> Bool {
        attributed.resourceHasVariables
            || attributed.statement.conditions.contains { clause in
                let key = clause.key.lowercased()
                return key == "aws:principalarn" || key == "aws:userid" || key == "aws:username"
                    || key == "aws:principaltype" || key == "aws:principalaccount"
                    || key.hasPrefix("aws:principaltag/") || key == "aws:principalservicename"
                    || clause.values.contains { $0.contains("${") }
            }
    }

    /// The identity side shared by the any-role class.
    private static let everyRole = [
        AttributedStatement(
            PolicyStatement(index: 0, effect: .allow, actions: .listed(["sts:AssumeRole"]), resources: .listed(["*"])),
            citation: StatementCitation(kind: .inline, policy: "sts:AssumeRole on every role", index: 0)
        )
    ]

    /// The Allow that grants `sts:AssumeRole` on every role with no
    /// condition, when the statements hold one and deny nothing of it.
    private static func plainAllowOfEveryRole(_ statements: [AttributedStatement], partition: String)
        -> AttributedStatement?
    {
        let prefix = "arn:\(partition):iam::"
        var allow: AttributedStatement?
        for attributed in statements where attributed.coversAction("sts:AssumeRole") {
            if attributed.statement.effect == .deny { return nil }
            guard allow == nil, attributed.statement.conditions.isEmpty, !attributed.resourceHasVariables,
                case .listed(let patterns) = attributed.statement.resources,
                patterns.contains(where: {
                    // Without a `*` a pattern names some roles, never every one.
                    $0 == "*" || ($0.contains("*") && WildcardPattern($0).matchesEveryString(withPrefix: prefix))
                })
            else { continue }
            allow = attributed
        }
        return allow
    }

    /// A citation that names every account's copy of the policy, and every
    /// holder's copy of an inline one.
    private static func anyAccount(_ citation: StatementCitation, account: String) -> StatementCitation {
        let marker = ":\(account):"
        func anyAccount(_ text: String) -> String {
            text.contains(marker) ? text.replacingOccurrences(of: marker, with: ":*:") : text
        }
        var result = citation
        result.policy = anyAccount(result.policy)
        result.owner = citation.kind == .inline ? nil : result.owner.map(anyAccount)
        result.statementID = nil
        return result
    }

    private static func anyAccount(_ statements: [AttributedStatement], account: String) -> [AttributedStatement] {
        statements.map {
            AttributedStatement(
                $0.statement,
                citation: anyAccount($0.citation, account: account),
                policyVariables: $0.policyVariables
            )
        }
    }
}
