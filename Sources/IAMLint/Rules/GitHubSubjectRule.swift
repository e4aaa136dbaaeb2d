import IAMPolicy

/// RC006: a GitHub Actions trust that does not pin the repository.
///
/// Every workflow run on GitHub can get a token from
/// `token.actions.githubusercontent.com`, with the same audience. Only the
/// `sub` claim (`repo:OWNER/REPO:ref:…`) says which repository the run
/// belongs to; without it, or with a wildcard in the owner, any GitHub
/// user can write a workflow that assumes the role (R5.8).
public struct GitHubSubjectRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC006",
        name: "github-trust-any-repository",
        severity: .high,
        summary:
            "A GitHub Actions OIDC trust without a token.actions.githubusercontent.com:sub condition, or with one whose wildcard admits any repository owner.",
        fix: "Add StringLike token.actions.githubusercontent.com:sub \"repo:YOUR-ORG/YOUR-REPO:*\" "
            + "(better: pin a branch or environment, e.g. repo:YOUR-ORG/YOUR-REPO:environment:prod).",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html"
    )

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        guard policy.kind == .trust else { return [] }
        var result: [LintFinding] = []
        for statement in policy.document.statements where statement.isAllow {
            guard let principals = statement.principalSet,
                statement.covers(action: IdentityProvider.webIdentityAction)
            else { continue }
            for value in principals.federated {
                let provider = IdentityProvider(value)
                guard provider.isGitHubActions, let key = provider.subjectKey else { continue }
                let clauses = statement.conditions.filter { $0.isOn(key) && $0.isPositiveTest(allowingIfExists: true) }
                if clauses.contains(where: { !Self.admitsAnyOwner($0) }) { continue }
                let message: String
                if clauses.isEmpty {
                    message =
                        "The trust accepts GitHub Actions tokens with no \(key) condition, so a workflow in any "
                        + "repository of any GitHub user can assume this role."
                } else {
                    let values = clauses.flatMap(\.values).map { "\"\($0)\"" }.joined(separator: ", ")
                    message =
                        "The trust's \(key) condition (\(values)) has a wildcard where the repository owner goes, "
                        + "so a workflow in a repository of any GitHub user can assume this role."
                }
                result.append(policy.finding(descriptor, statement, message))
            }
        }
        return result
    }

    /// Whether some value of the clause lets a repository of any owner
    /// through. Only `…Like` operators expand wildcards; with `…Equals` a
    /// `*` is a literal character.
    static func admitsAnyOwner(_ clause: ConditionClause) -> Bool {
        guard let parsed = clause.parsedOperator, parsed.base == .stringLike else { return false }
        return clause.values.contains(where: subjectAdmitsAnyOwner)
    }

    /// `*`, `repo:*`, `repo:*/app:*`, `repo:acme*/x:*` (an attacker can name
    /// an account `acme-evil`), and the owner field of customised subject
    /// templates (`repository_owner:*:…`). A value starting with a fixed
    /// `repo:OWNER/` is safe whatever follows.
    static func subjectAdmitsAnyOwner(_ value: String) -> Bool {
        if let first = value.first, first == "*" || first == "?" { return true }
        for prefix in ["repo:", "repository_owner:", "repository_owner_id:"] where value.lowercased().hasPrefix(prefix)
        {
            let owner = value.dropFirst(prefix.count).prefix { $0 != "/" && $0 != ":" }
            return owner.isEmpty || owner.contains { $0 == "*" || $0 == "?" }
        }
        return false
    }
}
