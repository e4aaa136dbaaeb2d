import IAMPolicy
import IAMStore

/// Users and roles of one account whose `sts:AssumeRole` permissions are the
/// same statements — members of one group, holders of one shared managed
/// policy — grouped so that edge derivation decides a role once per group
/// instead of once per member.
///
/// On a large estate a few hundred roles trust `*` or other accounts, and
/// thousands of principals may assume them: one edge per pair would be
/// millions (issue 4). When the statements are shared and mention nothing
/// about the individual (no `aws:username`, tags or policy variables), and
/// the trust's conditions do not either, every member gets the same decision,
/// so the graph gets one node per class: member → class at no hop cost,
/// class → role once. The recursive chain queries walk through it; reports
/// never show it.
struct AssumerClasses {
    /// The node's kind in the `principal` table.
    static let kind = "assumer-set"

    struct Class {
        var account: String
        var kind: RequestPrincipal.Kind
        var name: String
        var members: [Int64]
        var identity: [AttributedStatement]
        var boundary: [AttributedStatement]?
        var organization: RequestPrincipal.OrganizationMembership = .unknown

        var node: NodeReference {
            .entry(kind: AssumerClasses.kind, arn: "rolechain:assumers:\(account):\(name)", accountID: account)
        }
    }

    private(set) var classes: [String: Class] = [:]
    private var classOfMember: [Int64: String] = [:]
    private var grantOfMember: [Int64: StatementCitation] = [:]

    init(identity: IdentityPolicies, organizations: OrganizationContext) {
        var grouped: [String: Class] = [:]
        for principalID in identity.principals.keys.sorted() {
            guard let record = identity.principals[principalID], let account = record.accountId,
                !record.isServiceLinked,
                identity.unknownPolicies(of: principalID).isEmpty,
                let kind = RequestPrincipal.Kind(rawValue: record.kind)
            else { continue }
            let statements = identity.identity(of: principalID).filter { $0.coversAction("sts:AssumeRole") }
            let boundary = identity.boundary(of: principalID)
            let partition = ARN(record.arn)?.partition ?? "aws"
            let key: String
            let grant: StatementCitation
            if let anyRole = Self.plainAllowOfEveryRole(statements, partition: partition),
                boundary.map({ Self.plainAllowOfEveryRole($0, partition: partition) != nil }) ?? true
            {
                // Whoever may plainly assume every role is decided alike,
                // whatever their own statements say: one class per account.
                key = "\(account)|any"
                grant = anyRole
                if grouped[key] == nil {
                    grouped[key] = Class(
                        account: account,
                        kind: .role,
                        name: "any-role",
                        members: [],
                        identity: Self.everyRole,
                        boundary: nil,
                        organization: organizations.membership(ofAccount: account)
                    )
                }
            } else {
                guard let allow = statements.first(where: { $0.statement.effect == .allow })?.citation,
                    !statements.contains(where: Self.looksAtIndividuals),
                    !(boundary ?? []).contains(where: Self.looksAtIndividuals)
                else { continue }
                let fingerprint =
                    Self.fingerprint(statements) + "|" + (boundary.map { "b" + Self.fingerprint($0) } ?? "-")
                key = "\(account)|\(kind.rawValue)|\(fingerprint)"
                grant = allow
                if grouped[key] == nil {
                    grouped[key] = Class(
                        account: account,
                        kind: kind,
                        name: "\(kind.rawValue)s-\(grouped.count)",
                        members: [],
                        identity: statements,
                        boundary: boundary,
                        organization: organizations.membership(ofAccount: account)
                    )
                }
            }
            grouped[key]?.members.append(principalID)
            classOfMember[principalID] = key
            grantOfMember[principalID] = grant
        }
        // A class of one saves nothing.
        for (key, value) in grouped where value.members.count < 2 {
            for member in value.members {
                classOfMember[member] = nil
                grantOfMember[member] = nil
            }
            grouped[key] = nil
        }
        classes = grouped
    }

    func classKey(of principalID: Int64) -> String? { classOfMember[principalID] }

    func grant(of principalID: Int64) -> StatementCitation? { grantOfMember[principalID] }

    /// The caller that stands for every member when a trust is decided.
    static func representative(_ group: Class) -> RequestPrincipal {
        RequestPrincipal(
            kind: group.kind,
            arn: "rolechain:assumers:\(group.account):\(group.name)",
            accountID: group.account,
            organization: group.organization,
            hasPermissionsBoundary: group.boundary != nil
        )
    }

    /// Conditions about the individual caller (its ARN, name, tags, type)
    /// would decide members differently.
    static func trustLooksAtIndividuals(_ trust: [AttributedStatement]) -> Bool {
        trust.contains(where: looksAtIndividuals)
    }

    private static func looksAtIndividuals(_ attributed: AttributedStatement) -> Bool {
        attributed.resourceHasVariables
            || attributed.statement.conditions.contains { clause in
                let key = clause.key.lowercased()
                return key == "aws:principalarn" || key == "aws:userid" || key == "aws:username"
                    || key == "aws:principaltype"
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
        -> StatementCitation?
    {
        let prefix = "arn:\(partition):iam::"
        var allow: StatementCitation?
        for attributed in statements where attributed.coversAction("sts:AssumeRole") {
            if attributed.statement.effect == .deny { return nil }
            guard allow == nil, attributed.statement.conditions.isEmpty, !attributed.resourceHasVariables,
                case .listed(let patterns) = attributed.statement.resources,
                patterns.contains(where: { WildcardPattern($0).matchesEveryString(withPrefix: prefix) })
            else { continue }
            allow = attributed.citation
        }
        return allow
    }

    private static func fingerprint(_ statements: [AttributedStatement]) -> String {
        statements.map { attributed in
            attributed.citation.statementID.map(String.init) ?? attributed.citation.description
        }.sorted().joined(separator: ",")
    }
}
