import IAMPolicy

/// RC011: a resource policy naming a principal that was deleted.
///
/// IAM stores a named role's or user's unique id and shows the ARN again
/// while the principal exists; once it is deleted the raw id (`AROA…`,
/// `AIDA…`) shows through (R2.5). The entry grants nothing, and recreating
/// a principal with the same name does not revive it, which surprises
/// whoever recreates it.
public struct DeletedPrincipalRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC011",
        name: "deleted-principal",
        severity: .low,
        summary:
            "A trust or bucket policy naming a unique id (AROA…/AIDA…) that matches no imported principal: the principal was deleted.",
        fix:
            "Remove the id; if the principal was recreated and should keep access, name its ARN again (IAM then stores the new id).",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"
    )

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        guard policy.kind == .trust || policy.kind == .bucket else { return [] }
        return policy.document.statements.compactMap { statement in
            let set: PrincipalSet
            switch statement.principals {
            case .principal(let named), .notPrincipal(let named): set = named
            case nil: return nil
            }
            let dangling = set.aws.filter { ARN.isUniqueID($0) && !context.knownUniqueIDs.contains($0) }
            guard !dangling.isEmpty else { return nil }
            let message =
                "The statement names \(dangling.joined(separator: ", ")), the unique id IAM shows once a "
                + "\(Self.kindName(dangling[0])) is deleted; it matches no principal, and a recreated one with the same name "
                + "will not match it either."
            return policy.finding(descriptor, statement, message)
        }
    }

    private static func kindName(_ id: String) -> String {
        switch id.prefix(4) {
        case "AROA": "role"
        case "AIDA": "user"
        default: "principal"
        }
    }
}
