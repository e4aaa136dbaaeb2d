/// A statement ready for evaluation: its citation, whether its document
/// allows policy variables, and its wildcard patterns compiled once —
/// edge derivation matches the same statement against thousands of roles.
public struct AttributedStatement: Sendable {
    public let statement: PolicyStatement
    public let citation: StatementCitation
    public let policyVariables: Bool
    let actionPatterns: [WildcardPattern]
    let resourcePatterns: [WildcardPattern]?
    /// Whether some resource pattern holds `${…}` and needs the request to resolve.
    public let resourceHasVariables: Bool
    let awsPrincipals: AWSPrincipalIndex?

    public init(_ statement: PolicyStatement, citation: StatementCitation, policyVariables: Bool = true) {
        self.statement = statement
        self.citation = citation
        self.policyVariables = policyVariables
        actionPatterns = statement.actions.patterns.map { WildcardPattern($0, caseInsensitive: true) }
        resourcePatterns = statement.resources?.patterns.map { WildcardPattern($0) }
        resourceHasVariables =
            policyVariables && (statement.resources?.patterns.contains { $0.contains("${") } ?? false)
        switch statement.principals {
        case .principal(let set), .notPrincipal(let set):
            awsPrincipals = set.aws.count > 4 ? AWSPrincipalIndex(set) : nil
        case nil: awsPrincipals = nil
        }
    }

    /// Attributes every statement of a document to one source.
    public static func all(
        of document: PolicyDocument,
        kind: StatementCitation.PolicyKind,
        policy: String,
        owner: String? = nil,
        statementIDs: [Int64]? = nil
    ) -> [AttributedStatement] {
        document.statements.enumerated().map { offset, statement in
            AttributedStatement(
                statement,
                citation: StatementCitation(
                    kind: kind,
                    policy: policy,
                    owner: owner,
                    index: statement.index,
                    sid: statement.sid,
                    statementID: statementIDs.flatMap { offset < $0.count ? $0[offset] : nil }
                ),
                policyVariables: document.supportsPolicyVariables
            )
        }
    }

    // MARK: - Action and resource

    /// Whether the statement's `Action`/`NotAction` covers `action`.
    public func coversAction(_ action: String) -> Bool {
        let listed = actionPatterns.contains { $0.matches(action) }
        return statement.actions.isNegated ? !listed : listed
    }

    /// How the statement's `Resource`/`NotResource` covers the request's resource.
    func resourceCoverage(_ query: ResourceQuery, context: any ConditionContext) -> ResourceCoverage {
        guard let patterns = resourcePatterns, let element = statement.resources else {
            return .all  // resource policy without Resource: "this resource" (R2.2)
        }
        var open: [String] = []
        let compiled: [WildcardPattern]
        if resourceHasVariables {
            var substituted: [WildcardPattern] = []
            for text in element.patterns {
                switch ResourceVariables.substitute(text, context: context) {
                case .resolved(let pattern): substituted.append(WildcardPattern(pattern))
                case .unresolved(let pattern, let keys):
                    substituted.append(WildcardPattern(pattern))
                    open += keys
                case .matchesNothing: continue
                }
            }
            compiled = substituted
        } else {
            compiled = patterns
        }
        var coverage = ResourceCoverage.none
        for pattern in compiled {
            coverage = coverage.union(Self.coverage(of: pattern, for: query))
            if coverage == .all && open.isEmpty { break }
        }
        if element.isNegated { coverage = coverage.complement }
        if !open.isEmpty, coverage != .none { coverage = .dependsOnVariables(open) }
        return coverage
    }

    private static func coverage(of pattern: WildcardPattern, for query: ResourceQuery) -> ResourceCoverage {
        switch query {
        case .exact(let arn):
            return pattern.matches(arn) ? .all : .none
        case .anyWithPrefix(let prefix):
            if pattern.matchesEveryString(withPrefix: prefix) { return .all }
            return pattern.matchesSomeString(withPrefix: prefix) ? .some : .none
        }
    }
}

/// How much of a requested resource (one ARN, or all objects under a
/// prefix) a `Resource` element covers.
enum ResourceCoverage: Sendable, Hashable {
    case none
    /// Some of the resources under a prefix, not all.
    case some
    case all
    /// Covered if policy variables resolve to matching values; the keys are open.
    case dependsOnVariables([String])

    func union(_ other: ResourceCoverage) -> ResourceCoverage {
        switch (self, other) {
        case (.all, _), (_, .all): .all
        case (.some, _), (_, .some): .some
        default: self == .none ? other : self
        }
    }

    /// `NotResource`: what the patterns leave out.
    var complement: ResourceCoverage {
        switch self {
        case .none: .all
        case .all: .none
        case .some, .dependsOnVariables: .some
        }
    }
}
